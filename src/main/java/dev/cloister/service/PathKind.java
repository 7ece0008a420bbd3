package dev.cloister.service;

/** What a planned path is. Sockets, fifos and devices are never planned: copies skip them. */
public enum PathKind {
    DIRECTORY, FILE, SYMLINK
}
