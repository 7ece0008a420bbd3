package dev.cloister.service;

/** Where the content of a private path comes from. */
public enum Origin {
    /** Copied from the host counterpart (recursively for a directory; a link copies the link). */
    COPY_FROM_HOST,
    /** Created empty, with the recorded owner and mode, once, when the sandbox is created. */
    CREATE_EMPTY,
    /** On the sandbox's tmpfs /run: made at every boot (by systemd or tmpfiles), never persisted. */
    CREATE_AT_BOOT
}
