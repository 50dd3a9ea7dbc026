// Network keys shared by [container.*] and [pod.*]. Kubernetes gives every pod one
// address on one flat cluster network and names Services in DNS, so Podman networks,
// fixed addresses and aliases have no form; host networking and DNS settings do.
import { carry, drop, type Rule, type RuleContext } from './rule';

function dnsConfig(ctx: RuleContext): NonNullable<RuleContext['target']['workload']['pod']['dnsConfig']> {
  const pod = ctx.target.workload.pod;
  pod.dnsConfig ??= {};
  return pod.dnsConfig;
}

function network(ctx: RuleContext): void {
  const v = ctx.value.text;
  if (v === 'host') {
    ctx.target.workload.pod.hostNetwork = true;
    return;
  }
  if (v.endsWith('.network') || !['none', 'private', 'bridge', 'slirp4netns', 'pasta'].some((m) => v === m || v.startsWith(`${m}:`))) {
    return ctx.drop(`every pod joins the cluster's one network; to reach this workload from others, use its Service name (${ctx.target.workload.name})`);
  }
  if (v !== 'private' && v !== 'bridge') ctx.drop(`network mode ${v} has no pod form`);
}

export const NETWORK_RULES: Readonly<Record<string, Rule>> = {
  AddHost: carry((ctx) => {
    const colon = ctx.value.text.indexOf(':');
    const hosts = ctx.value.text.slice(0, colon).split(';');
    const ip = ctx.value.text.slice(colon + 1);
    if (colon < 0 || ip === 'host-gateway') return ctx.drop('only HOST:IP entries have a pod form (hostAliases)');
    const pod = ctx.target.workload.pod;
    pod.hostAliases = [...(pod.hostAliases ?? []), { ip, hostnames: hosts }];
  }),
  DNS: carry((ctx) => {
    if (ctx.value.text === 'none') return ctx.drop('DNS = none has no pod form');
    const d = dnsConfig(ctx);
    d.nameservers = [...(d.nameservers ?? []), ctx.value.text];
    ctx.target.workload.pod.dnsPolicy = 'None';
  }),
  DNSOption: carry((ctx) => {
    const d = dnsConfig(ctx);
    const [name, value] = ctx.value.text.split(':');
    d.options = [...(d.options ?? []), value === undefined ? { name } : { name, value }];
  }),
  DNSSearch: carry((ctx) => {
    const d = dnsConfig(ctx);
    d.searches = [...(d.searches ?? []), ctx.value.text];
  }),
  IP: drop('the cluster assigns every pod its address'),
  IP6: drop('the cluster assigns every pod its address'),
  Network: carry(network),
  NetworkAlias: drop('other pods reach this one by its Service name, not by aliases on a network'),
};
