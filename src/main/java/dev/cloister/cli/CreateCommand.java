package dev.cloister.cli;

import dev.cloister.runtime.Context;
import dev.cloister.runtime.CreateRequest;
import dev.cloister.runtime.Creator;
import dev.cloister.spec.SandboxConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Define a sandbox: a service sandbox with -u UNIT, or a generic one running COMMAND as PID 1.",
                "Examples:", "  cloister create -C -l s0:c1,c2 -u apache2.service web1",
                "  cloister create box1 -- /bin/sh -c 'echo hello; sleep 60'"})
final class CreateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "sandbox name (also its hostname)")
    String name;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "after --: command to run as PID 1")
    List<String> command = new ArrayList<>();

    @Option(names = {"-u", "--unitfile"}, paramLabel = "UNIT", description = "systemd unit to run inside (repeatable)")
    List<String> units = new ArrayList<>();

    @Option(names = {"-P", "--package"}, paramLabel = "PKG", description = "extra package whose files become private")
    List<String> packages = new ArrayList<>();

    @Option(names = {"-C", "--copy"}, description = "copy the service's configuration into the sandbox (private, editable)")
    boolean copy;

    @Mixin
    SecurityOptions security = new SecurityOptions();

    @Option(names = {"-N", "--network"}, paramLabel = "SPEC", description = "network interface (repeatable): none, "
            + "dhcp, address=IP/PREFIX, route=NET/PREFIX%%GW, source=NETWORK, mac=MAC")
    List<String> networks = new ArrayList<>();

    @Option(names = {"-m", "--mount"}, paramLabel = "TYPE:DST=SRC", description = "extra mount: host-bind:DST=SRC or ram:DST=SIZE")
    List<String> mounts = new ArrayList<>();

    @Option(names = {"-p", "--path"}, paramLabel = "DIR", description = "(original option) not supported: set CLOISTER_ROOT to relocate every path")
    String path;

    @Option(names = {"-i", "--imagesize"}, paramLabel = "SIZE", description = "(original option) not supported: sandboxes are directory trees, not raw images")
    String imageSize;

    @Mixin
    LimitOptions limits = new LimitOptions();

    @Mixin PublishOptions publish = new PublishOptions();

    @Override
    public Integer call() throws Exception {
        if (path != null) {
            throw new IllegalArgumentException("-p/--path is not supported: set CLOISTER_ROOT=DIR to relocate "
                    + "all of cloister's paths together (sandbox trees live in $CLOISTER_ROOT/var/lib/cloister)");
        }
        if (imageSize != null) {
            throw new IllegalArgumentException("-i/--imagesize is not supported: a sandbox is a directory tree; "
                    + "limit its storage with a quota on /var/lib/cloister instead");
        }
        CreateRequest request = new CreateRequest(name, command, units, packages, copy, security.level(),
                security.selinuxLabel(), limits.toLimits(), MountOptions.parse(mounts), networks, publish.specs());
        Creator.Created created = new Creator(Context.forHost()).create(request);
        SandboxConfig config = created.config();
        created.notes().forEach(note -> System.err.println("note: " + note));
        System.out.println("created " + config.name() + " (label " + config.level() + ", uid base " + config.uidBase()
                + ")");
        return 0;
    }
}
