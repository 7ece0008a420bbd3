package dev.cloister.cli;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * The workload `make` runs to record JDK 25's AOT cache: the classes the common commands load
 * are then loaded and linked ahead of time. Runs against an empty CLOISTER_ROOT.
 */
public final class Training {
    private Training() {
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        PrintStream err = System.err;
        System.setErr(new PrintStream(OutputStream.nullOutputStream()));
        try {
            Main.run("--help");
            Main.run("create", "--help");
            Main.run("inspect", "no-such-sandbox");
            // A real round trip where the host allows it (make runs as root): create, list, inspect, delete.
            Main.run("create", "training", "--", "/bin/true");
            Main.run("list");
            Main.run("list", "--json");
            Main.run("inspect", "training");
            Main.run("inspect", "--json", "training");
            Main.run("stats", "training");
            Main.run("delete", "training");
            // A service sandbox loads the service planner: plan one from a unit every systemd host has.
            Main.run("create", "-N", "none", "-u", "systemd-journald.service", "training-service");
            Main.run("inspect", "training-service");
            Main.run("delete", "training-service");
        } finally {
            System.setErr(err);
            System.setOut(out);
        }
    }
}
