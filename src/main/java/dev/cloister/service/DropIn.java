package dev.cloister.service;

/** A drop-in cloister writes into the sandbox's /etc/systemd/system/UNIT.d/FILE; content starts with why. */
public record DropIn(String unit, String fileName, String content) {
}
