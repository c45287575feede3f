#!/usr/bin/env python3
"""jfr print --json --stack-depth 256 --events jdk.ExecutionSample F.jfr > F.json; docs/bench/jfr-aggregate.py F.json
(without --stack-depth, jfr print keeps 5 frames of each stack, and what sits lower is not counted)
Prints the share of CPU samples whose stack passes through each subsystem (inclusive: they overlap),
the share whose innermost subsystem it is (exclusive: the work done in it or in the JDK under it,
adding up to 100), and the top frames by self time."""
import json, sys, collections
data = json.load(open(sys.argv[1]))
events = data['recording']['events']
CATS = [
    ('HTTP server (Tomcat)', ('org.apache.catalina', 'org.apache.coyote', 'org.apache.tomcat')),
    ('Spring Security (JWT, filters)', ('org.springframework.security', 'com.nimbusds')),
    ('Spring MVC', ('org.springframework.web',)),
    ('Jackson', ('com.fasterxml.jackson',)),
    ('Axon', ('org.axonframework',)),
    ('JDBC + pool', ('org.postgresql', 'com.zaxxer')),
    ('hash chain', ('ledger.messages.eventstore.EventChain', 'ledger.command.chain')),
    ('projections', ('ledger.query.status.MeasureStatusProjection', 'ledger.query.audit.AuditTrailProjection')),
    ('stream', ('ledger.query.stream',)),
    ('webhook outbox', ('ledger.query.notify',)),
    ('rate limiter', ('io.github.bucket4j', 'ledger.support.ratelimit')),
    ('log context / logging', ('ledger.support.observability', 'ch.qos.logback', 'org.slf4j')),
    ('metrics', ('io.micrometer',)),
    ('db-scheduler (deadlines)', ('com.github.kagkarlsson',)),
    ('Bean Validation', ('org.hibernate.validator', 'jakarta.validation')),
    ("the ledger's security edge", ('ledger.support.security',)),
    ("the ledger's other code", ('ledger.',)),
    ('Spring (core, beans, transactions, JDBC template)', ('org.springframework',)),
    ('JIT / GC / VM (no Java frame)', ()),
]
total = 0
inclusive = collections.Counter()
innermost = collections.Counter()
selfs = collections.Counter()
threads = collections.Counter()
for e in events:
    st = e['values'].get('stackTrace')
    frames = st['frames'] if st else []
    total += 1
    names = [f['method']['type']['name'].replace('/', '.') + '.' + f['method']['name'] for f in frames]
    t = e['values'].get('sampledThread', {}) or {}
    threads[(t.get('javaName') or t.get('osName') or '?').split('-')[0]] += 1
    if names:
        selfs[names[0].rsplit('.', 1)[0]] += 1
    seen = set()
    for label, prefixes in CATS:
        if any(n.startswith(p) for n in names for p in prefixes):
            seen.add(label)
    for label in seen:
        inclusive[label] += 1
    owner = next((label for n in names for label, prefixes in CATS if prefixes and n.startswith(prefixes)),
                 'the JDK, or code outside these' if names else 'JIT / GC / VM (no Java frame)')
    innermost[owner] += 1
print(f'samples: {total}')
print('| subsystem | on the stack | innermost |')
print('| --- | --- | --- |')
for label in [label for label, _ in CATS] + ['the JDK, or code outside these']:
    if inclusive[label] or innermost[label]:
        print(f'| {label} | {100*inclusive[label]/total:.0f} % | {100*innermost[label]/total:.0f} % |')
print()
print('top classes by self time:', ', '.join(f'{c.split(".")[-1]} {100*n/total:.1f} %' for c, n in selfs.most_common(12)))
print('threads:', ', '.join(f'{t} {100*n/total:.0f} %' for t, n in threads.most_common(8)))
