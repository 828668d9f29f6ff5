package org.polyculture.worker.cuda;

import static org.polyculture.worker.cuda.KernelGeometry.COLUMN_GROUP;
import static org.polyculture.worker.cuda.KernelGeometry.HASH_CHUNK_BYTES;
import static org.polyculture.worker.cuda.KernelGeometry.K_STEP;
import static org.polyculture.worker.cuda.KernelGeometry.LANES;
import static org.polyculture.worker.cuda.KernelGeometry.MICRO;
import static org.polyculture.worker.cuda.KernelGeometry.ROWS_PER_BLOCK;
import static org.polyculture.worker.cuda.KernelGeometry.SQUARES_CHUNK;
import static org.polyculture.worker.cuda.KernelGeometry.SQUARES_THREADS;
import static org.polyculture.worker.cuda.KernelGeometry.TILE_M;
import static org.polyculture.worker.cuda.KernelGeometry.TILE_N;
import static org.polyculture.worker.cuda.KernelGeometry.TILE_STRIDE;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.polyculture.engine.numerics.CanonicalMath;

/**
 * The kernels of src/main/cuda transcribed to Java, thread by thread: the same blocks, the same
 * thread-to-element assignment, the same loops in the same order, shared memory as arrays, a
 * barrier as the end of a loop over the block's threads, and a half-warp's xor-shuffles as the
 * exchange between 16 values. The elementary functions are CanonicalMath's (the CUDA transcription
 * of those is checked on the host by CudaSourcesOnHostTest). Runs the same launches the CUDA
 * backend hands to the driver, so the plans are tested with it.
 */
final class EmulatedKernels implements LaunchRunner {

  private static final int MASK_LOWER = 1;
  private static final int MASK_UPPER = 2;
  private static final int EPILOGUE_BIAS = 1;
  private static final int EPILOGUE_SCALE = 2;

  private final EmulatedDevice device;

  EmulatedKernels(EmulatedDevice device) {
    this.device = device;
  }

  @Override
  public void run(Launch launch) {
    Args args = new Args(launch.args());
    switch (launch.kernel()) {
      case CANON_MATMUL -> matmul(launch, args, 0);
      case CANON_MATMUL_LOWER -> matmul(launch, args, MASK_LOWER);
      case CANON_MATMUL_UPPER -> matmul(launch, args, MASK_UPPER);
      case LAYER_NORM_FORWARD -> layerNormForward(launch, args);
      case LAYER_NORM_BACKWARD_ROWS -> layerNormBackwardRows(launch, args);
      case ATTENTION_SOFTMAX -> attentionSoftmax(launch, args);
      case ATTENTION_BACKWARD_ROWS -> attentionBackwardRows(launch, args);
      case CROSS_ENTROPY_FORWARD -> crossEntropyForward(launch, args);
      case MEAN_LOSS -> meanLoss(args);
      case ENCODER_FORWARD -> encoderForward(launch, args);
      case GELU_FORWARD -> geluForward(launch, args);
      case GELU_BACKWARD -> geluBackward(launch, args);
      case ADD -> add(launch, args);
      case CROSS_ENTROPY_BACKWARD -> crossEntropyBackward(launch, args);
      case ADAMW -> adamW(launch, args);
      case COLUMN_SUMS -> columnSums(launch, args);
      case ENCODER_BACKWARD_POSITIONS -> encoderBackwardPositions(launch, args);
      case ENCODER_BACKWARD_TOKENS -> encoderBackwardTokens(launch, args);
      case SQUARES_PARTIALS -> squaresPartials(launch, args);
      case SQUARES_COMBINE -> squaresCombine(args);
      case CLIP_SCALE -> clipScale(args);
      case STATE_GATHER -> stateGather(launch, args);
      case SHA256_LEAVES -> sha256Leaves(launch, args);
    }
  }

  /** Positional access to a launch's arguments. */
  private record Args(List<KernelArg> args) {
    long ptr(int i) {
      return ((KernelArg.Pointer) args.get(i)).address();
    }

    int i32(int i) {
      return ((KernelArg.Int) args.get(i)).value();
    }

    long i64(int i) {
      return ((KernelArg.Long) args.get(i)).value();
    }

    float f32(int i) {
      return ((KernelArg.Float) args.get(i)).value();
    }
  }

  // ---- matmul.cu

  private static int microIndex(int u, int r) {
    return (r >> 2) * 16 + u * 4 + (r & 3);
  }

  private void matmul(Launch launch, Args args, int mask) {
    long out = args.ptr(0);
    long a = args.ptr(1);
    long b = args.ptr(2);
    long bias = args.ptr(3);
    int m = args.i32(4);
    int n = args.i32(5);
    int k = args.i32(6);
    int aRow = args.i32(7);
    int aDepth = args.i32(8);
    int bDepth = args.i32(9);
    int bCol = args.i32(10);
    int outRow = args.i32(11);
    int batchInner = args.i32(12);
    int aOuter = args.i32(13);
    int aInner = args.i32(14);
    int bOuter = args.i32(15);
    int bInner = args.i32(16);
    int outOuter = args.i32(17);
    int outInner = args.i32(18);
    int epilogue = args.i32(19);
    float scale = args.f32(20);
    int threads = launch.block().x();
    int loadsPerThread = K_STEP * TILE_M / threads;
    for (int bz = 0; bz < launch.grid().z(); bz++) {
      int zo = bz / batchInner;
      int zi = bz % batchInner;
      long aBase = a + 4L * (zo * aOuter + zi * aInner);
      long bBase = b + 4L * (zo * bOuter + zi * bInner);
      long outBase = out + 4L * (zo * outOuter + zi * outInner);
      for (int by = 0; by < launch.grid().y(); by++) {
        for (int bx = 0; bx < launch.grid().x(); bx++) {
          int row0 = bx * TILE_M;
          int col0 = by * TILE_N;
          int kBegin = 0;
          int kEnd = k;
          if (mask == MASK_LOWER) {
            kEnd = Math.min(k, row0 + TILE_M);
          } else if (mask == MASK_UPPER) {
            kBegin = (row0 / K_STEP) * K_STEP;
          }
          float[][][] acc = new float[threads][MICRO][MICRO];
          float[] aTile = new float[K_STEP * TILE_STRIDE];
          float[] bTile = new float[K_STEP * TILE_STRIDE];
          for (int k0 = kBegin; k0 < kEnd; k0 += K_STEP) {
            // Each thread loads its elements of both tiles (zero outside the matrices).
            for (int t = 0; t < threads; t++) {
              for (int q = 0; q < loadsPerThread; q++) {
                int e = t + q * threads;
                int[] ip = tileCoordinates(e, aDepth == 1);
                int gi = row0 + ip[0];
                int gp = k0 + ip[1];
                aTile[ip[1] * TILE_STRIDE + ip[0]] =
                    gi < m && gp < k
                        ? device.f32(aBase, (long) gi * aRow + (long) gp * aDepth)
                        : 0.0f;
                int[] jp = tileCoordinates(e, bDepth == 1);
                int gj = col0 + jp[0];
                gp = k0 + jp[1];
                bTile[jp[1] * TILE_STRIDE + jp[0]] =
                    gj < n && gp < k
                        ? device.f32(bBase, (long) gp * bDepth + (long) gj * bCol)
                        : 0.0f;
              }
            }
            // Each thread accumulates its lane's depth indices into its micro-tile.
            for (int t = 0; t < threads; t++) {
              int lane = t / LANES;
              int ur = (t % LANES) / 4;
              int uc = (t % LANES) % 4;
              for (int s = 0; s < K_STEP / LANES; s++) {
                int p = lane + s * LANES;
                for (int r = 0; r < MICRO; r++) {
                  float av = aTile[p * TILE_STRIDE + microIndex(ur, r)];
                  boolean on = true;
                  if (mask != 0) {
                    int gi = row0 + microIndex(ur, r);
                    int gp = k0 + p;
                    on = mask == MASK_LOWER ? gp <= gi : gp >= gi;
                  }
                  for (int c = 0; c < MICRO; c++) {
                    float bv = bTile[p * TILE_STRIDE + microIndex(uc, c)];
                    acc[t][r][c] = on ? Math.fma(av, bv, acc[t][r][c]) : acc[t][r][c];
                  }
                }
              }
            }
          }
          // The tree: lanes 0-7 through shared memory, then lanes 8-15.
          int outputs = TILE_M * TILE_N;
          int perThread = outputs / threads;
          float[][][] halfSum = new float[2][threads][perThread];
          float[] partial = new float[8 * outputs];
          for (int half = 0; half < 2; half++) {
            for (int t = 0; t < threads; t++) {
              int lane = t / LANES;
              if (lane / 8 != half) {
                continue;
              }
              int ur = (t % LANES) / 4;
              int uc = (t % LANES) % 4;
              for (int r = 0; r < MICRO; r++) {
                for (int c = 0; c < MICRO; c++) {
                  partial[(lane % 8) * outputs + microIndex(ur, r) * TILE_N + microIndex(uc, c)] =
                      acc[t][r][c];
                }
              }
            }
            for (int t = 0; t < threads; t++) {
              for (int q = 0; q < perThread; q++) {
                int o = t + q * threads;
                float[] lanes = new float[8];
                for (int l = 0; l < 8; l++) {
                  lanes[l] = partial[l * outputs + o];
                }
                halfSum[half][t][q] = tree8(lanes);
              }
            }
          }
          for (int t = 0; t < threads; t++) {
            for (int q = 0; q < perThread; q++) {
              int o = t + q * threads;
              int gi = row0 + o / TILE_N;
              int gj = col0 + o % TILE_N;
              if (gi < m && gj < n) {
                float v = halfSum[0][t][q] + halfSum[1][t][q];
                if (epilogue == EPILOGUE_BIAS) {
                  v = v + device.f32(bias, gj);
                } else if (epilogue == EPILOGUE_SCALE) {
                  v = v * scale;
                }
                device.setF32(outBase, (long) gi * outRow + gj, v);
              }
            }
          }
        }
      }
    }
  }

  /** {outer, depth} of element e of a tile, as tile_coordinates in matmul.cu. */
  private static int[] tileCoordinates(int e, boolean depthContiguous) {
    return depthContiguous
        ? new int[] {e / K_STEP, e % K_STEP}
        : new int[] {e % TILE_M, e / TILE_M};
  }

  private static float tree8(float[] p) {
    return ((p[0] + p[1]) + (p[2] + p[3])) + ((p[4] + p[5]) + (p[6] + p[7]));
  }

  private static float tree16(float[] p) {
    float[] low = new float[8];
    float[] high = new float[8];
    System.arraycopy(p, 0, low, 0, 8);
    System.arraycopy(p, 8, high, 0, 8);
    return tree8(low) + tree8(high);
  }

  // ---- half-warps (canon.cuh)

  /**
   * canon::half_warp_tree: xor-shuffles 1, 2, 4, 8 over the 16 threads; returns thread 0's value.
   */
  private static float halfWarpTree(float[] lanes) {
    float[] v = lanes.clone();
    for (int offset = 1; offset < LANES; offset <<= 1) {
      float[] next = new float[LANES];
      for (int l = 0; l < LANES; l++) {
        next[l] = v[l] + v[l ^ offset];
      }
      v = next;
    }
    return v[0];
  }

  private static float halfWarpMax(float[] lanes) {
    float[] v = lanes.clone();
    for (int offset = 1; offset < LANES; offset <<= 1) {
      float[] next = new float[LANES];
      for (int l = 0; l < LANES; l++) {
        next[l] = Math.max(v[l], v[l ^ offset]);
      }
      v = next;
    }
    return v[0];
  }

  /** The rows of a row kernel's launch: block by block, a half-warp per row, in order. */
  private static void forEachRow(Launch launch, int rows, RowBody body) {
    for (int block = 0; block < launch.grid().x(); block++) {
      for (int slot = 0; slot < ROWS_PER_BLOCK; slot++) {
        int row = block * ROWS_PER_BLOCK + slot;
        body.run(row, row < rows);
      }
    }
  }

  @FunctionalInterface
  private interface RowBody {
    void run(int row, boolean valid);
  }

  // ---- rows.cu

  private void layerNormForward(Launch launch, Args args) {
    long out = args.ptr(0);
    long mean = args.ptr(1);
    long rstd = args.ptr(2);
    long x = args.ptr(3);
    long w = args.ptr(4);
    long b = args.ptr(5);
    int rows = args.i32(6);
    int channels = args.i32(7);
    forEachRow(
        launch,
        rows,
        (row, valid) -> {
          int width = valid ? channels : 0;
          long base = (long) row * channels;
          float[] p = new float[LANES];
          for (int lane = 0; lane < LANES; lane++) {
            for (int c = lane; c < width; c += LANES) {
              p[lane] = p[lane] + device.f32(x, base + c);
            }
          }
          float m = halfWarpTree(p) / (float) channels;
          p = new float[LANES];
          for (int lane = 0; lane < LANES; lane++) {
            for (int c = lane; c < width; c += LANES) {
              float d = device.f32(x, base + c) - m;
              p[lane] = Math.fma(d, d, p[lane]);
            }
          }
          float variance = halfWarpTree(p) / (float) channels;
          float s = 1.0f / CanonicalMath.sqrt(variance + 1e-5f);
          for (int lane = 0; lane < LANES; lane++) {
            for (int c = lane; c < width; c += LANES) {
              float d = device.f32(x, base + c) - m;
              device.setF32(out, base + c, ((d * s) * device.f32(w, c)) + device.f32(b, c));
            }
          }
          if (valid) {
            device.setF32(mean, row, m);
            device.setF32(rstd, row, s);
          }
        });
  }

  private void layerNormBackwardRows(Launch launch, Args args) {
    long dx = args.ptr(0);
    long normOut = args.ptr(1);
    long dout = args.ptr(2);
    long x = args.ptr(3);
    long mean = args.ptr(4);
    long rstd = args.ptr(5);
    long w = args.ptr(6);
    int rows = args.i32(7);
    int channels = args.i32(8);
    forEachRow(
        launch,
        rows,
        (row, valid) -> {
          int width = valid ? channels : 0;
          long base = (long) row * channels;
          float mr = valid ? device.f32(mean, row) : 0.0f;
          float sr = valid ? device.f32(rstd, row) : 0.0f;
          float[] pa = new float[LANES];
          float[] pb = new float[LANES];
          for (int lane = 0; lane < LANES; lane++) {
            for (int c = lane; c < width; c += LANES) {
              float n = (device.f32(x, base + c) - mr) * sr;
              float dn = device.f32(w, c) * device.f32(dout, base + c);
              pa[lane] = pa[lane] + dn;
              pb[lane] = Math.fma(dn, n, pb[lane]);
            }
          }
          float a = halfWarpTree(pa) / (float) channels;
          float bb = halfWarpTree(pb) / (float) channels;
          for (int lane = 0; lane < LANES; lane++) {
            for (int c = lane; c < width; c += LANES) {
              float n = (device.f32(x, base + c) - mr) * sr;
              float dn = device.f32(w, c) * device.f32(dout, base + c);
              device.setF32(dx, base + c, ((dn - a) - (n * bb)) * sr);
              device.setF32(normOut, base + c, n);
            }
          }
        });
  }

  private void attentionSoftmax(Launch launch, Args args) {
    long att = args.ptr(0);
    int rows = args.i32(1);
    int context = args.i32(2);
    forEachRow(
        launch,
        rows,
        (row, valid) -> {
          int t = row % context;
          int n = valid ? t + 1 : 0;
          long r = (long) row * context;
          float[] localMax = new float[LANES];
          for (int lane = 0; lane < LANES; lane++) {
            localMax[lane] = Float.NEGATIVE_INFINITY;
            for (int j = lane; j < n; j += LANES) {
              localMax[lane] = Math.max(localMax[lane], device.f32(att, r + j));
            }
          }
          float m = halfWarpMax(localMax);
          float[] p = new float[LANES];
          for (int lane = 0; lane < LANES; lane++) {
            for (int j = lane; j < n; j += LANES) {
              float e = CanonicalMath.exp(device.f32(att, r + j) - m);
              device.setF32(att, r + j, e);
              p[lane] = p[lane] + e;
            }
          }
          float inv = 1.0f / halfWarpTree(p);
          int width = valid ? context : 0;
          for (int lane = 0; lane < LANES; lane++) {
            for (int j = lane; j < width; j += LANES) {
              device.setF32(att, r + j, j < n ? device.f32(att, r + j) * inv : 0.0f);
            }
          }
        });
  }

  private void attentionBackwardRows(Launch launch, Args args) {
    long dpre = args.ptr(0);
    long att = args.ptr(1);
    int rows = args.i32(2);
    int context = args.i32(3);
    float scale = args.f32(4);
    forEachRow(
        launch,
        rows,
        (row, valid) -> {
          int t = row % context;
          int n = valid ? t + 1 : 0;
          long base = (long) row * context;
          float[] p = new float[LANES];
          for (int lane = 0; lane < LANES; lane++) {
            for (int j = lane; j < n; j += LANES) {
              p[lane] = Math.fma(device.f32(att, base + j), device.f32(dpre, base + j), p[lane]);
            }
          }
          float local = halfWarpTree(p);
          int width = valid ? context : 0;
          for (int lane = 0; lane < LANES; lane++) {
            for (int j = lane; j < width; j += LANES) {
              float value =
                  j < n
                      ? (device.f32(att, base + j) * (device.f32(dpre, base + j) - local)) * scale
                      : 0.0f;
              device.setF32(dpre, base + j, value);
            }
          }
        });
  }

  private void crossEntropyForward(Launch launch, Args args) {
    long probs = args.ptr(0);
    long losses = args.ptr(1);
    long logits = args.ptr(2);
    long targets = args.ptr(3);
    int rows = args.i32(4);
    int vocab = args.i32(5);
    forEachRow(
        launch,
        rows,
        (row, valid) -> {
          int width = valid ? vocab : 0;
          long base = (long) row * vocab;
          float[] localMax = new float[LANES];
          for (int lane = 0; lane < LANES; lane++) {
            localMax[lane] = Float.NEGATIVE_INFINITY;
            for (int v = lane; v < width; v += LANES) {
              localMax[lane] = Math.max(localMax[lane], device.f32(logits, base + v));
            }
          }
          float m = halfWarpMax(localMax);
          float[] p = new float[LANES];
          for (int lane = 0; lane < LANES; lane++) {
            for (int v = lane; v < width; v += LANES) {
              float e = CanonicalMath.exp(device.f32(logits, base + v) - m);
              device.setF32(probs, base + v, e);
              p[lane] = p[lane] + e;
            }
          }
          float z = halfWarpTree(p);
          float inv = 1.0f / z;
          for (int lane = 0; lane < LANES; lane++) {
            for (int v = lane; v < width; v += LANES) {
              device.setF32(probs, base + v, device.f32(probs, base + v) * inv);
            }
          }
          if (valid) {
            int target = device.i32(targets, row);
            device.setF32(
                losses, row, CanonicalMath.log(z) - (device.f32(logits, base + target) - m));
          }
        });
  }

  private void meanLoss(Args args) {
    long out = args.ptr(0);
    long losses = args.ptr(1);
    int count = args.i32(2);
    float[] p = new float[LANES];
    for (int lane = 0; lane < LANES; lane++) {
      for (int i = lane; i < count; i += LANES) {
        p[lane] = p[lane] + device.f32(losses, i);
      }
    }
    device.setF32(out, 0, halfWarpTree(p) / (float) count);
  }

  // ---- elementwise.cu

  /** A grid-stride loop: every thread of every block, each over its own indices. */
  private static void forEachElement(Launch launch, long count, ElementBody body) {
    long stride = launch.grid().count() * launch.block().x();
    for (long thread = 0; thread < stride; thread++) {
      for (long i = thread; i < count; i += stride) {
        body.run(i);
      }
    }
  }

  @FunctionalInterface
  private interface ElementBody {
    void run(long i);
  }

  private void encoderForward(Launch launch, Args args) {
    long out = args.ptr(0);
    long tokens = args.ptr(1);
    long wte = args.ptr(2);
    long wpe = args.ptr(3);
    int rows = args.i32(4);
    int context = args.i32(5);
    int channels = args.i32(6);
    forEachElement(
        launch,
        (long) rows * channels,
        i -> {
          int row = (int) (i / channels);
          int c = (int) (i % channels);
          int position = row % context;
          int token = device.i32(tokens, row);
          device.setF32(
              out,
              i,
              device.f32(wte, (long) token * channels + c)
                  + device.f32(wpe, (long) position * channels + c));
        });
  }

  private void geluForward(Launch launch, Args args) {
    long out = args.ptr(0);
    long x = args.ptr(1);
    forEachElement(
        launch, args.i64(2), i -> device.setF32(out, i, CanonicalMath.gelu(device.f32(x, i))));
  }

  private void geluBackward(Launch launch, Args args) {
    long dx = args.ptr(0);
    long dout = args.ptr(1);
    long x = args.ptr(2);
    forEachElement(
        launch,
        args.i64(3),
        i -> device.setF32(dx, i, device.f32(dout, i) * CanonicalMath.geluGrad(device.f32(x, i))));
  }

  private void add(Launch launch, Args args) {
    long out = args.ptr(0);
    long a = args.ptr(1);
    long b = args.ptr(2);
    forEachElement(
        launch, args.i64(3), i -> device.setF32(out, i, device.f32(a, i) + device.f32(b, i)));
  }

  private void crossEntropyBackward(Launch launch, Args args) {
    long dlogits = args.ptr(0);
    long probs = args.ptr(1);
    long targets = args.ptr(2);
    int rows = args.i32(3);
    int vocab = args.i32(4);
    float s = args.f32(5);
    forEachElement(
        launch,
        (long) rows * vocab,
        i -> {
          int row = (int) (i / vocab);
          int v = (int) (i % vocab);
          float hit = v == device.i32(targets, row) ? 1.0f : 0.0f;
          device.setF32(dlogits, i, (device.f32(probs, i) - hit) * s);
        });
  }

  private void adamW(Launch launch, Args args) {
    long p = args.ptr(0);
    long m = args.ptr(1);
    long v = args.ptr(2);
    long grad = args.ptr(3);
    float c = device.f32(args.ptr(4), 0);
    float lr = args.f32(5);
    float bc1 = args.f32(6);
    float bc2 = args.f32(7);
    float beta1 = args.f32(8);
    float beta2 = args.f32(9);
    float oneMinusBeta1 = args.f32(10);
    float oneMinusBeta2 = args.f32(11);
    float eps = args.f32(12);
    float wd = args.f32(13);
    forEachElement(
        launch,
        args.i64(14),
        i -> {
          float g = device.f32(grad, i) * c;
          float mi = (beta1 * device.f32(m, i)) + (oneMinusBeta1 * g);
          float vi = (beta2 * device.f32(v, i)) + (oneMinusBeta2 * (g * g));
          device.setF32(m, i, mi);
          device.setF32(v, i, vi);
          float mhat = mi / bc1;
          float vhat = vi / bc2;
          float pi = device.f32(p, i);
          device.setF32(p, i, pi - lr * ((mhat / (CanonicalMath.sqrt(vhat) + eps)) + wd * pi));
        });
  }

  // ---- reduce.cu

  private void columnSums(Launch launch, Args args) {
    long sums = args.ptr(0);
    long dots = args.ptr(1);
    long x = args.ptr(2);
    long y = args.ptr(3);
    int rows = args.i32(4);
    int columns = args.i32(5);
    for (int block = 0; block < launch.grid().x(); block++) {
      float[] sumPartials = new float[LANES * COLUMN_GROUP];
      float[] dotPartials = new float[LANES * COLUMN_GROUP];
      for (int thread = 0; thread < launch.block().x(); thread++) {
        int cx = thread % COLUMN_GROUP;
        int lane = thread / COLUMN_GROUP;
        int c = block * COLUMN_GROUP + cx;
        int height = c < columns ? rows : 0;
        float ps = 0.0f;
        float pd = 0.0f;
        for (int r = lane; r < height; r += LANES) {
          float v = device.f32(x, (long) r * columns + c);
          ps = ps + v;
          if (dots != 0) {
            pd = Math.fma(v, device.f32(y, (long) r * columns + c), pd);
          }
        }
        sumPartials[lane * COLUMN_GROUP + cx] = ps;
        dotPartials[lane * COLUMN_GROUP + cx] = pd;
      }
      for (int cx = 0; cx < COLUMN_GROUP; cx++) {
        int c = block * COLUMN_GROUP + cx;
        if (c < columns) {
          device.setF32(sums, c, columnTree(sumPartials, cx));
          if (dots != 0) {
            device.setF32(dots, c, columnTree(dotPartials, cx));
          }
        }
      }
    }
  }

  private static float columnTree(float[] partials, int cx) {
    float[] lanes = new float[LANES];
    for (int l = 0; l < LANES; l++) {
      lanes[l] = partials[l * COLUMN_GROUP + cx];
    }
    return tree16(lanes);
  }

  private void encoderBackwardPositions(Launch launch, Args args) {
    long dwpe = args.ptr(0);
    long dout = args.ptr(1);
    int batch = args.i32(2);
    int context = args.i32(3);
    int channels = args.i32(4);
    int positions = args.i32(5);
    forEachElement(
        launch,
        (long) positions * channels,
        i -> {
          int t = (int) (i / channels);
          int c = (int) (i % channels);
          if (t >= context) {
            device.setF32(dwpe, i, 0.0f);
            return;
          }
          float[] p = new float[LANES];
          for (int b0 = 0; b0 < batch; b0 += LANES) {
            for (int l = 0; l < LANES; l++) {
              if (b0 + l < batch) {
                p[l] = p[l] + device.f32(dout, ((long) (b0 + l) * context + t) * channels + c);
              }
            }
          }
          device.setF32(dwpe, i, tree16(p));
        });
  }

  private void encoderBackwardTokens(Launch launch, Args args) {
    long dwte = args.ptr(0);
    long dout = args.ptr(1);
    long rowsByToken = args.ptr(2);
    long firstRow = args.ptr(3);
    int channels = args.i32(4);
    for (int v = 0; v < launch.grid().y(); v++) {
      for (int bx = 0; bx < launch.grid().x(); bx++) {
        float[] partials = new float[LANES * COLUMN_GROUP];
        int begin = device.i32(firstRow, v);
        for (int thread = 0; thread < launch.block().x(); thread++) {
          int cx = thread % COLUMN_GROUP;
          int lane = thread / COLUMN_GROUP;
          int c = bx * COLUMN_GROUP + cx;
          int count = c < channels ? device.i32(firstRow, v + 1) - begin : 0;
          float p = 0.0f;
          for (int r = lane; r < count; r += LANES) {
            p = p + device.f32(dout, (long) device.i32(rowsByToken, begin + r) * channels + c);
          }
          partials[lane * COLUMN_GROUP + cx] = p;
        }
        for (int cx = 0; cx < COLUMN_GROUP; cx++) {
          int c = bx * COLUMN_GROUP + cx;
          if (c < channels) {
            device.setF32(dwte, (long) v * channels + c, columnTree(partials, cx));
          }
        }
      }
    }
  }

  private void squaresPartials(Launch launch, Args args) {
    long partials = args.ptr(0);
    long tensors = args.ptr(1);
    long lengths = args.ptr(2);
    for (int block = 0; block < launch.grid().x(); block++) {
      long g = device.i64(tensors, block);
      long length = device.i64(lengths, block);
      float[] chunk = new float[SQUARES_CHUNK];
      float[] p = new float[LANES];
      for (long base = 0; base < length; base += SQUARES_CHUNK) {
        int n = (int) Math.min(SQUARES_CHUNK, length - base);
        for (int t = 0; t < SQUARES_THREADS; t++) {
          for (int e = t; e < n; e += SQUARES_THREADS) {
            chunk[e] = device.f32(g, base + e);
          }
        }
        for (int t = 0; t < LANES; t++) {
          for (int i = t; i < n; i += LANES) {
            p[t] = Math.fma(chunk[i], chunk[i], p[t]);
          }
        }
      }
      device.setF32(partials, block, halfWarpTree(p));
    }
  }

  private void squaresCombine(Args args) {
    long out = args.ptr(0);
    long partials = args.ptr(1);
    int count = args.i32(2);
    float total = 0.0f;
    for (int j = 0; j < count; j++) {
      total = j == 0 ? device.f32(partials, 0) : total + device.f32(partials, j);
    }
    device.setF32(out, 0, total);
  }

  private void clipScale(Args args) {
    float n = CanonicalMath.sqrt(device.f32(args.ptr(1), 0));
    float maxNorm = args.f32(2);
    device.setF32(args.ptr(0), 0, n > maxNorm ? maxNorm / (n + 1e-6f) : 1.0f);
  }

  // ---- state_hash.cu

  private void stateGather(Launch launch, Args args) {
    long staging = args.ptr(0);
    long sources = args.ptr(1);
    long destinations = args.ptr(2);
    long lengths = args.ptr(3);
    for (int s = 0; s < launch.grid().y(); s++) {
      long source = device.i64(sources, s);
      long destination = staging + 4 * device.i64(destinations, s);
      long length = device.i64(lengths, s);
      long stride = (long) launch.grid().x() * launch.block().x();
      for (long thread = 0; thread < stride; thread++) {
        for (long i = thread; i < length; i += stride) {
          float value = device.f32(source, i);
          device.setWord(
              destination + 4 * i,
              Float.isNaN(value) ? 0x7FC00000 : Float.floatToRawIntBits(value));
        }
      }
    }
  }

  /** SHA-256(0x00 ‖ chunk) per chunk: the kernel's result, by the JDK's SHA-256. */
  private void sha256Leaves(Launch launch, Args args) {
    long digests = args.ptr(0);
    long bytes = args.ptr(1);
    long length = args.i64(2);
    int chunks = args.i32(3);
    for (int chunk = 0; chunk < chunks; chunk++) {
      long start = (long) chunk * HASH_CHUNK_BYTES;
      int size = (int) Math.min(HASH_CHUNK_BYTES, length - start);
      byte[] data = new byte[size];
      device.copyOut(bytes + start, data, size);
      MessageDigest sha256 = sha256();
      sha256.update((byte) 0);
      sha256.update(data);
      byte[] digest = sha256.digest();
      for (int i = 0; i < 8; i++) {
        int word =
            ((digest[4 * i] & 0xFF) << 24)
                | ((digest[4 * i + 1] & 0xFF) << 16)
                | ((digest[4 * i + 2] & 0xFF) << 8)
                | (digest[4 * i + 3] & 0xFF);
        device.setWord(digests + 4L * (chunk * 8 + i), word);
      }
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
