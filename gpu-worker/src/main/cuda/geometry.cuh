// Launch geometry shared by the kernels and the Java launch planner (KernelGeometry.java, which a
// test checks against this file). Changing a value here changes which thread computes what, never
// the arithmetic of an output: every dot product and sum keeps the 16-lane order of the spec.
#ifndef POLYCULTURE_GEOMETRY_CUH
#define POLYCULTURE_GEOMETRY_CUH

// Canonical lanes of every dot product and sum (docs/numerics.md §2).
#define LANES 16

// Canonical matmul: a block computes a TILE_M x TILE_N tile of outputs with MATMUL_THREADS
// threads, 16 lane groups of 16 threads; each thread holds an 8 x 8 micro-tile of one lane's
// partial sums. A depth step covers K_STEP indices, K_STEP / 16 of them per lane.
#define TILE_M 32
#define TILE_N 32
#define K_STEP 32
#define MATMUL_THREADS 256
#define MICRO 8
// Shared tiles hold a depth row of TILE_M (or TILE_N) values plus padding against bank conflicts.
#define TILE_STRIDE 36

// Row kernels: one half-warp (16 threads, one per lane) per row.
#define ROW_THREADS 256
#define ROWS_PER_BLOCK (ROW_THREADS / LANES)

// Column reductions: COLUMN_GROUP columns per block, one thread per (column, lane).
#define COLUMN_GROUP 16

// Elementwise kernels.
#define ELEMENTWISE_THREADS 256

// Gradient norm: a block per tensor loads SQUARES_CHUNK values into shared memory at a time, and
// the 16 threads of its first half-warp consume them lane by lane.
#define SQUARES_THREADS 256
#define SQUARES_CHUNK 4096

// State hashing: 1 MiB chunks (docs/state.md §3), one thread per chunk.
#define HASH_CHUNK_BYTES 1048576
#define HASH_THREADS 32
#define GATHER_THREADS 256

#endif  // POLYCULTURE_GEOMETRY_CUH
