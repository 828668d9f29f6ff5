package org.polyculture.worker.cuda;

/**
 * Device buffers the kernels use between launches of one op; each grows to the largest size asked
 * for and is reused by every op of its kind.
 */
enum ScratchBuffer {
  /** Attention backward: {@code datt}, then {@code dpre} in place, {@code [B,H,T,T]}. */
  ATTENTION_GRADIENT,
  /** LayerNorm backward: the normalised input {@code [rows, C]} for the weight gradient. */
  LAYER_NORM,
  /** Embedding backward: the rows grouped by token, and where each token's group starts. */
  TOKEN_ROWS,
  TOKEN_FIRST_ROWS,
  /** Gradient norm: the tensors' addresses and lengths, and each tensor's sum of squares. */
  SQUARES_TENSORS,
  SQUARES_LENGTHS,
  SQUARES_PARTIALS,
  /** State hashing: the segments to gather, and each chunk's digest. */
  GATHER_SOURCES,
  GATHER_DESTINATIONS,
  GATHER_LENGTHS,
  HASH_DIGESTS
}
