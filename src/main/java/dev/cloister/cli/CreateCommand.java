package dev.cloister.cli;

import dev.cloister.runtime.Context;
import dev.cloister.runtime.PlanCompiler;
import dev.cloister.runtime.Reports;
import dev.cloister.runtime.CreateRequest;
import dev.cloister.runtime.Creator;
import dev.cloister.spec.SandboxConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

final class CreateCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        CommandSpec spec = Specs.command(this, "create",
                "Define a sandbox: a service sandbox with -u UNIT, or a generic one running COMMAND as PID 1.",
                "Examples:", "  cloister create -C -l s0:c1,c2 -u apache2.service web1",
                "  cloister create box1 -- /bin/sh -c 'echo hello; sleep 60'");
        spec.addPositional(Specs.parameter(0, "NAME", "sandbox name (also its hostname)"));
        spec.addPositional(Specs.rest(1, "0..*", "COMMAND", "after --: command to run as PID 1"));
        spec.addOption(Specs.repeatable("UNIT", "systemd unit to run inside (repeatable)", "-u", "--unitfile"));
        spec.addOption(Specs.repeatable("PKG", "extra package whose files become private", "-P", "--package"));
        spec.addOption(Specs.flag("copy the service's configuration into the sandbox (private, editable)",
                "-C", "--copy"));
        SecurityOptions.addTo(spec);
        spec.addOption(Specs.repeatable("SPEC", "network interface (repeatable): none, dhcp, address=IP/PREFIX, "
                + "route=NET/PREFIX%%GW, source=NETWORK, mac=MAC", "-N", "--network"));
        spec.addOption(Specs.repeatable("TYPE:DST=SRC", "extra mount: host-bind:DST=SRC or ram:DST=SIZE",
                "-m", "--mount"));
        spec.addOption(Specs.value("DIR", "(original option) not supported: set CLOISTER_ROOT to relocate every path",
                "-p", "--path"));
        spec.addOption(Specs.value("SIZE", "(original option) not supported: sandboxes are directory trees, not raw "
                + "images", "-i", "--imagesize"));
        LimitOptions.addTo(spec);
        PublishOptions.addTo(spec);
        KernelOptions.addTo(spec);
        SystemdOptions.addTo(spec);
        return spec;
    }

    @Override
    public int run(ParseResult parsed) throws Exception {
        if (parsed.hasMatchedOption("--path")) {
            throw new IllegalArgumentException("-p/--path is not supported: set CLOISTER_ROOT=DIR to relocate "
                    + "all of cloister's paths together (sandbox trees live in $CLOISTER_ROOT/var/lib/cloister)");
        }
        if (parsed.hasMatchedOption("--imagesize")) {
            throw new IllegalArgumentException("-i/--imagesize is not supported: a sandbox is a directory tree; "
                    + "limit its storage with a quota on /var/lib/cloister instead");
        }
        SecurityOptions security = SecurityOptions.from(parsed);
        CreateRequest request = new CreateRequest(parsed.matchedPositionalValue(0, null), Specs.rest(parsed, 1),
                Specs.strings(parsed, "--unitfile"), Specs.strings(parsed, "--package"),
                parsed.matchedOptionValue("--copy", false), security.chosenLevel(), security.selinuxLabel(),
                LimitOptions.from(parsed).toLimits(), MountOptions.parse(Specs.strings(parsed, "--mount")),
                Specs.strings(parsed, "--network"), PublishOptions.from(parsed), KernelOptions.from(parsed),
                SystemdOptions.from(parsed));
        Context context = Context.forHost();
        Creator.Created created = new Creator(context).create(request);
        SandboxConfig config = created.config();
        created.notes().forEach(note -> System.err.println("note: " + note));
        Reports.degradedOnThisKernel(new PlanCompiler(context).planReport(config))
                .forEach(lost -> System.err.println("note: this kernel: " + lost));
        System.out.println("created " + config.name() + " (label " + config.level() + ", uid base " + config.uidBase()
                + ")");
        return 0;
    }
}
