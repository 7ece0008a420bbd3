package dev.cloister.it.network;

import dev.cloister.it.CloisterInstance;
import dev.cloister.it.CloisterInstance.Result;
import dev.cloister.it.Commands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A {@link CloisterInstance} plus the host-side checks network tests need: links and nft tables. */
final class NetInstance implements AutoCloseable {
    private final CloisterInstance instance;
    final Path root;

    private NetInstance(CloisterInstance instance) {
        this.instance = instance;
        this.root = instance.root;
    }

    static NetInstance create() throws IOException {
        return new NetInstance(CloisterInstance.create("clst-test-net-"));
    }

    Result cloister(String... args) throws IOException, InterruptedException {
        return instance.run(args);
    }

    static Result host(String... cmd) throws IOException, InterruptedException {
        return Commands.run(new ProcessBuilder(cmd), null, 60);
    }

    Path meta(String sandbox) {
        return root.resolve("var/lib/cloister/.meta").resolve(sandbox);
    }

    Path netRunDir() {
        return root.resolve("run/cloister/.networks");
    }

    /** The host-visible names a sandbox's plan uses: veths, bridges and nft tables. */
    List<String> hostObjects(String sandbox) throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(meta(sandbox).resolve("start.plan"))) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "veth" -> names.add("link:" + f[1]);
                case "bridge" -> names.add("link:" + f[1]);
                case "nft-table" -> names.add("table:" + f[2]);
                default -> { }
            }
        }
        return names;
    }

    /** Of these objects, the ones that exist on the host now. */
    static List<String> existing(List<String> objects) throws IOException, InterruptedException {
        String links = host("ip", "-o", "link").assertOk().out();
        String tables = host("nft", "list", "tables").assertOk().out();
        return objects.stream().filter(o -> o.startsWith("link:")
                        ? links.contains(" " + o.substring(5) + ":") || links.contains(" " + o.substring(5) + "@")
                        : tables.lines().anyMatch(l -> l.strip().matches("table (ip|netdev|bridge|inet) " + o.substring(6))))
                .distinct().toList();
    }

    @Override
    public void close() throws Exception {
        instance.close();
    }
}
