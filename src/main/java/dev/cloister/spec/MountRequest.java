package dev.cloister.spec;

/** An extra mount the administrator asked for with -m/--mount (the original's syntax). */
public sealed interface MountRequest {
    String target();

    /** {@code host-bind:DST=SRC}: a host directory bound read-write at DST. */
    record HostBind(String target, String source) implements MountRequest {
    }

    /** {@code ram:DST=SIZE}: a tmpfs of SIZE bytes at DST. */
    record Ram(String target, long sizeBytes) implements MountRequest {
    }
}
