/**
 * Every key of bench/results/latest.json, by the part that measures it. A part
 * that cannot run still writes its keys, as null; the smoke test
 * (test/node/bench-smoke.test.ts) holds the file to this list.
 */
export const PART_KEYS = {
  sizes: [
    'loader_min',
    'loader_gz',
    'loader_br',
    'host_sdk_min',
    'host_sdk_gz',
    'host_sdk_br',
    // The script tag's core (what a page with no widget pays), its part, and the two together; host_sdk_* above
    // is the whole SDK in one file (sov-embed-all.js).
    'host_sdk_core_gz',
    'host_sdk_part_gz',
    'host_sdk_total_gz',
    'widget_min',
    'widget_gz',
    'widget_br',
    'widget_product_gz',
    'widget_checkout_gz',
    'esm_min',
    'esm_gz',
    'esm_br',
  ],
  browser: [
    'mount_to_ready_ms',
    'mount_floor_ms',
    'mount_to_ready_ratio',
    'mount_embed_token_ms',
    // An object, phase → milliseconds (bench/browser.ts, MOUNT_PHASES).
    'mount_breakdown',
    'event_latency_ms',
    'event_floor_ms',
    'event_latency_ratio',
    'event_port_floor_ms',
    'load_long_task_ms',
    'load_long_task_floor_ms',
    'demo_cls',
    'demo_cls_no_css',
  ],
  // Resource Timing in Chromium: the body as sent (compressed), per file (bench/wire.ts).
  wire: ['wire_sdk_bytes', 'wire_sdk_part_bytes', 'wire_widget_bytes', 'wire_sdk_debug_bytes'],
  // An object, page → {performance, accessibility, bestPractices, audits} (bench/lighthouse.ts).
  lighthouse: ['lighthouse'],
  peers: ['peer_floor_ms', ...['sov', 'penpal', 'post_robot'].flatMap((p) => [`${p}_handshake_ms`, `${p}_handshake_ratio`, `${p}_lib_gz`])],
  // Landing capture on page requests, ns per call in process (bench/capture.ts).
  capture: ['capture_miss_ns', 'capture_floor_ns', 'capture_node_miss_ns', 'capture_hit_ns'],
  intake: [
    'bff_intake_per_s',
    'bff_hello_per_s',
    'bff_intake_ratio',
    'bff_intake_p99_ms',
    'bff_hello_p99_ms',
    'bff_intake_rows_missing',
    // The same load with the PostgreSQL outbox (null when PostgreSQL is away).
    'bff_intake_pg_per_s',
    'bff_intake_pg_p99_ms',
  ],
  // One BFF process, then two, on one PostgreSQL database; the ratio is two ÷ one (bench/intake-instances.ts).
  intake_pg: ['bff_intake_pg_1_instance_per_s', 'bff_intake_pg_2_instances_per_s', 'bff_intake_2_instances_ratio', 'bff_intake_pg_rows_missing'],
  drain: ['drain_10k', 'drain_10k_no_faults', 'drain_ratio', 'drain_lost', 'drain_duplicates', 'drain_unexplained_duplicates'],
  pg: [
    'pg_drain_2_instances',
    'pg_drain_2_instances_no_faults',
    'pg_drain_ratio',
    'pg_drain_lost',
    'pg_drain_duplicates',
    'pg_drain_double_claims',
    // The same drain through pg-boss in the same run (bench/servers/pgboss-worker.ts); ratio = ours ÷ pg-boss throughput.
    'pgboss_drain_s',
    'pg_drain_vs_pgboss_ratio',
  ],
} as const satisfies Record<string, readonly string[]>;

export type Part = keyof typeof PART_KEYS;

/** The keys whose value is an object rather than a number. */
export const OBJECT_KEYS: readonly string[] = ['lighthouse', 'mount_breakdown'];
