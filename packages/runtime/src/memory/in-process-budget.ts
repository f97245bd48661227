/**
 * How many records the in-process episodic log and causal hypergraph each keep (`L9_MEMORY_MAX_RECORDS`).
 * In-process memory is the embedded backend of local and CI runs, lost on restart; PostgreSQL keeps the full
 * history. Without a bound an agent under steady traffic grows by an episode (and a lineage hyperedge) per call
 * until the process runs out of memory; with it the oldest records go first (record-ring.ts). The default keeps
 * the last 10,000 of each, some 5 MiB for calls of a few hundred bytes, since each record's JSON data is kept as
 * its text (tools/bench/memory.ts measures the agent under load).
 */
export const DEFAULT_IN_PROCESS_MAX_RECORDS = 10_000;
