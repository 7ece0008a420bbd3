package dev.cloister.service;

/** Owner, mode (permission bits incl. setuid/setgid/sticky) and kind of a host file, not following links. */
public record FileStat(PathKind kind, int uid, int gid, int mode) {
}
