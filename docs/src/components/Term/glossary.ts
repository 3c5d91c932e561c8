// The site's glossary: one definition per term, used by <Term> (hover / focus) and by the
// glossary page, so the two never disagree. Each entry names where the definition comes from.

export interface GlossaryEntry {
  /** Anchor on the glossary page and the `id` a <Term> names. Lower-case, URL-safe. */
  readonly id: string;
  /** The term as printed. */
  readonly term: string;
  /** Which paper the term belongs to, for grouping on the glossary page. */
  readonly topic: 'TrEnv-X' | 'Ring ORAM' | 'IRO' | 'general';
  /** One or two plain sentences, shown in the hover card and on the glossary page. */
  readonly definition: string;
  /** Where the definition comes from. */
  readonly source: string;
}

export const glossary: readonly GlossaryEntry[] = [
  {
    id: 'p99',
    term: 'P99',
    topic: 'general',
    definition:
      'The 99th percentile: 99 % of requests finish within it. It measures the slow tail users notice, which cold starts dominate.',
    source: 'standard statistics; TrEnv reports P99 end-to-end latency',
  },
  {
    id: 'cold-start',
    term: 'cold start',
    topic: 'TrEnv-X',
    definition:
      'A request that finds no ready instance of its function, so the platform first builds one: create a sandbox, bootstrap the runtime, bring the memory in.',
    source: 'TrEnv / TrEnv-X abstracts',
  },
  {
    id: 'sandbox',
    term: 'sandbox',
    topic: 'TrEnv-X',
    definition:
      'The isolated environment an instance runs in: network namespace, cgroup, root-filesystem overlay and devices for a container, or a whole microVM for an agent.',
    source: 'TrEnv-X abstract; Linux namespaces and cgroups',
  },
  {
    id: 'repurposable-sandbox',
    term: 'repurposable sandbox',
    topic: 'TrEnv-X',
    definition:
      'A sandbox that goes back to a pool when its function finishes and is cleaned and re-mounted for any other function (of the same tenant), so starts skip sandbox creation.',
    source: 'TrEnv-X abstract ("shared across different functions")',
  },
  {
    id: 'mm-template',
    term: 'mm-template',
    topic: 'TrEnv-X',
    definition:
      "TrEnv's OS-level memory template: a kernel object with pre-built page tables pointing at a function's initialised memory, kept once in a CXL or RDMA memory pool. A new instance maps it instead of copying the memory.",
    source: 'TrEnv-X abstract ("OS-level memory templates"); TrEnv, SOSP 2024',
  },
  {
    id: 'cxl',
    term: 'CXL / RDMA pool',
    topic: 'TrEnv-X',
    definition:
      'Memory outside the node. CXL memory is read in place by ordinary loads; RDMA memory is fetched a 4 KiB page at a time over the network. Every node reaches the same pool.',
    source: 'TrEnv-X abstract',
  },
  {
    id: 'criu',
    term: 'CRIU',
    topic: 'TrEnv-X',
    definition:
      'Checkpoint/Restore In Userspace: restores a container process from an image on disk, copying all of its memory back before it runs.',
    source: 'criu.org; a baseline in TrEnv',
  },
  {
    id: 'reap-plus',
    term: 'REAP+',
    topic: 'TrEnv-X',
    definition:
      "REAP restores a Firecracker microVM snapshot and prefetches the pages a first run recorded as its working set (Ustiugov et al., ASPLOS 2021). The '+' marks the TrEnv paper's adapted version it compares against.",
    source: 'Ustiugov et al., ASPLOS 2021; TrEnv, SOSP 2024',
  },
  {
    id: 'faasnap-plus',
    term: 'FaaSnap+',
    topic: 'TrEnv-X',
    definition:
      "FaaSnap restores a Firecracker microVM snapshot and loads its pages concurrently with execution (Ao et al., EuroSys 2022). The '+' marks the TrEnv paper's adapted version it compares against.",
    source: 'Ao et al., EuroSys 2022; TrEnv, SOSP 2024',
  },
  {
    id: 'e2b',
    term: 'E2B',
    topic: 'TrEnv-X',
    definition:
      'A sandbox service for LLM agents: one Firecracker microVM per session, resumed from a snapshot. The baseline TrEnv-X compares its agent results with.',
    source: 'TrEnv-X abstract',
  },
  {
    id: 'oram',
    term: 'ORAM',
    topic: 'Ring ORAM',
    definition:
      'Oblivious RAM: a way to store data on an untrusted memory so that the sequence of physical addresses touched reveals nothing about which logical addresses the program used.',
    source: 'Goldreich and Ostrovsky, JACM 1996',
  },
  {
    id: 'l',
    term: 'L',
    topic: 'Ring ORAM',
    definition:
      "The tree's depth: levels 0 (the root) to L, so 2^L leaves, and every path from the root to a leaf has L + 1 buckets.",
    source: 'Ren et al., USENIX Security 2015',
  },
  {
    id: 'z',
    term: 'Z',
    topic: 'Ring ORAM',
    definition: 'Real slots per bucket: how many data blocks one bucket of the tree can hold.',
    source: 'Ren et al., USENIX Security 2015',
  },
  {
    id: 's',
    term: 'S',
    topic: 'Ring ORAM',
    definition:
      'Dummy slots per bucket. Each ReadPath uses up one unread slot, so a bucket can be read S times before it must be rewritten (EarlyReshuffle).',
    source: 'Ren et al., USENIX Security 2015',
  },
  {
    id: 'a',
    term: 'A',
    topic: 'Ring ORAM',
    definition:
      'The eviction rate: one EvictPath after every A accesses. Larger A means less eviction work per access but needs more dummy slots (S ≥ A).',
    source: 'Ren et al., USENIX Security 2015',
  },
  {
    id: 'stash',
    term: 'stash',
    topic: 'Ring ORAM',
    definition:
      'A small trusted buffer on the client holding blocks that were read and not yet written back into the tree.',
    source: 'Ren et al., USENIX Security 2015',
  },
  {
    id: 'position-map',
    term: 'position map',
    topic: 'Ring ORAM',
    definition:
      "The client's table from each block's address to the leaf whose path holds it. Every access moves the block to a fresh random leaf.",
    source: 'Ren et al., USENIX Security 2015',
  },
  {
    id: 'readpath',
    term: 'ReadPath',
    topic: 'Ring ORAM',
    definition:
      "Ring ORAM's per-access read: fetch the metadata of every bucket on the block's path, then exactly one slot per bucket — the block where it is, a random unread dummy everywhere else.",
    source: 'Ren et al., USENIX Security 2015',
  },
  {
    id: 'evictpath',
    term: 'EvictPath',
    topic: 'Ring ORAM',
    definition:
      'Every A accesses: read the remaining real blocks of one path (chosen in a fixed reverse-lexicographic order) into the stash, then write the whole path back with as many stash blocks as fit, fresh dummies and a fresh permutation.',
    source: 'Ren et al., USENIX Security 2015',
  },
  {
    id: 'early-reshuffle',
    term: 'EarlyReshuffle',
    topic: 'Ring ORAM',
    definition:
      'Rewrites a bucket on the read path that has been read S times since its last write, before it runs out of unread dummies.',
    source: 'Ren et al., USENIX Security 2015',
  },
  {
    id: 'rit',
    term: 'RIT',
    topic: 'IRO',
    definition:
      "IRO's low-overhead integrity tree. In @paperlab/oram: per-slot MACs kept in the bucket metadata that ReadPath reads anyway, and a hash tree over that metadata with its root on chip — tampering and replay are caught without extra memory reads.",
    source: 'IRO abstract (goal); the design is a reconstruction in @paperlab/oram',
  },
  {
    id: 'must',
    term: 'MUST',
    topic: 'IRO',
    definition:
      'Minimum Update Subtree Tree: cuts the cost of updating RIT. In @paperlab/oram the metadata an access changes stays in trusted memory and is hashed and written once, at the next eviction, instead of after every access.',
    source: 'IRO abstract (goal); the design is a reconstruction in @paperlab/oram',
  },
  {
    id: 'secure-replication',
    term: 'Secure Replication',
    topic: 'IRO',
    definition:
      "Survives the loss of a whole memory channel by writing a sealed copy of each real block into one of Ring ORAM's otherwise wasted dummy slots on another channel; to the server the copy looks like any dummy.",
    source:
      'IRO abstract (goal, "the memory waste in Ring ORAM"); the layout is a reconstruction in @paperlab/oram',
  },
  {
    id: 'mirrored-channel',
    term: 'mirrored channel',
    topic: 'IRO',
    definition:
      'Keeps the integrity metadata reliable by writing it to two channels (like RAID-1), so a dead channel never takes the tree of hashes with it.',
    source: 'IRO abstract',
  },
  {
    id: 'ecp',
    term: 'ECP',
    topic: 'IRO',
    definition:
      'Error-Correcting Pointers: per 512-bit memory line, n entries each naming a stuck cell (9-bit pointer) and its replacement bit. Repairs up to n permanently stuck cells; beyond that the line is refused, never miscorrected.',
    source: 'Schechter et al., ISCA 2010; used by IRO (abstract)',
  },
];

const byId = new Map(glossary.map((e) => [e.id, e]));

/** The entry for `id`; throws a TypeError naming the unknown id (a typo fails the build). */
export function glossaryEntry(id: string): GlossaryEntry {
  const entry = byId.get(id);
  if (!entry) {
    throw new TypeError(
      `Term id must be one of ${[...byId.keys()].join(', ')}; got ${JSON.stringify(id)}`,
    );
  }
  return entry;
}

/** The glossary page's path; <Term> links each term to its entry there. */
export const GLOSSARY_PATH = '/docs/learn/glossary';
