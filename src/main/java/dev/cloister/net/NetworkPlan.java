package dev.cloister.net;

import dev.cloister.op.NetOp;

import java.util.List;

/**
 * The network part of a sandbox's start plan.
 *
 * @param ops       network ops in plan order (docs/plan-format.md, "Network ops")
 * @param addresses the sandbox's static and IPAM addresses as "IP/PREFIX" (key {@code addresses}
 *                  of list and inspect); a DHCP interface contributes none
 */
public record NetworkPlan(List<NetOp> ops, List<String> addresses) {
    public NetworkPlan {
        ops = List.copyOf(ops);
        addresses = List.copyOf(addresses);
    }
}
