package org.polyculture.worker.cuda;

import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.data.Batch;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.engine.model.ModelTensors;
import org.polyculture.engine.model.ParameterLayout;
import org.polyculture.engine.model.Schedule;
import org.polyculture.engine.model.TransformerProgram;
import org.polyculture.engine.ops.Op;
import org.polyculture.engine.state.TrainingState;
import org.polyculture.engine.tensor.TensorSpec;
import org.polyculture.engine.train.OpTrace;

/**
 * Training steps whose state never leaves the backend: the parameters and AdamW's moments are
 * uploaded once, each step uploads only its tokens, and each step's resulting state is hashed by
 * the backend ({@link ResidentStateBackend#hashState}), on the CUDA device while the next step
 * runs. The state comes back to the host only when asked for ({@link #download()}, {@link
 * #stateBytes()}), e.g. to serve a checkpoint. Runs the same program as the engine's StepExecutor,
 * so the hashes are those of any other backend.
 *
 * <p>Not thread-safe, like the backend it drives, which the caller owns.
 */
public final class ResidentTraining {

  /**
   * One step's outcome.
   *
   * @param step the step's index {@code t}; it produced the state with step count {@code t + 1}
   * @param loss the step's mean loss
   * @param stateHash the hash of the state after the step, {@code H(t + 1)}
   */
  public record StepRecord(long step, float loss, PendingStateHash stateHash) {}

  private final ResidentStateBackend backend;
  private final ModelConfig config;
  private final TransformerProgram program;
  private final Schedule schedule;
  private final ParameterLayout layout;
  private final int specVersion;
  private final long jobSeed;
  private final Bytes32 datasetRoot;
  private long step;
  private float beta1Power;
  private float beta2Power;

  /** Allocates the training program on {@code backend} and uploads {@code start}. */
  public ResidentTraining(ResidentStateBackend backend, TrainingState start) {
    this.backend = backend;
    this.config = start.config();
    this.program = TransformerProgram.training(config);
    this.schedule = new Schedule(config);
    this.layout = program.layout();
    this.specVersion = start.specVersion();
    this.jobSeed = start.jobSeed();
    this.datasetRoot = start.datasetRoot();
    backend.allocate(program.tensors());
    upload(start);
  }

  public ModelConfig config() {
    return config;
  }

  public TransformerProgram program() {
    return program;
  }

  /** Steps taken so far: the next step has this index. */
  public long step() {
    return step;
  }

  /** Replaces the resident state by {@code state} (of this config). */
  public void upload(TrainingState state) {
    if (!state.config().equals(config)) {
      throw new IllegalArgumentException("state is for " + state.config() + ", not " + config);
    }
    write(program.parameters(), state.parameters());
    write(program.firstMoments(), state.firstMoments());
    write(program.secondMoments(), state.secondMoments());
    step = state.step();
    beta1Power = state.beta1Power();
    beta2Power = state.beta2Power();
  }

  /** Runs step {@link #step()} on {@code batch} and starts hashing the state it produces. */
  public StepRecord runStep(Batch batch) {
    return runStep(batch, (index, op, outputs) -> {}, false);
  }

  /**
   * Runs the step without hashing its state and returns the loss: for measuring what hashing costs,
   * never for a committed run, whose every state must be hashed.
   */
  public float runUnhashedStep(Batch batch) {
    execute(batch, (index, op, outputs) -> {}, false);
    return read(program.loss())[0];
  }

  /**
   * Runs the step and hands every op's outputs to {@code trace} (read back after each op: slow, for
   * locating a divergence).
   */
  public StepRecord runStep(Batch batch, OpTrace trace) {
    return runStep(batch, trace, true);
  }

  private StepRecord runStep(Batch batch, OpTrace trace, boolean traced) {
    long index = execute(batch, trace, traced);
    PendingStateHash hash = backend.hashState(residentState());
    float loss = read(program.loss())[0];
    return new StepRecord(index, loss, hash);
  }

  /** Runs the step's program and advances the carried step state; returns the step's index. */
  private long execute(Batch batch, OpTrace trace, boolean traced) {
    if (batch.rows() != config.batch() || batch.context() != config.context()) {
      throw new IllegalArgumentException(
          "batch is " + batch + ", the model needs " + config.batch() + "×" + config.context());
    }
    Schedule.ScheduledStep scheduled = schedule.forStep(step, beta1Power, beta2Power);
    backend.writeInts(program.tokens(), batch.inputs());
    backend.writeInts(program.targets(), batch.targets());
    List<Op> ops = program.ops();
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      backend.execute(op, scheduled.scalars());
      if (traced) {
        trace.afterOp(i, op, readAll(op.outputs()));
      }
    }
    long index = step;
    step++;
    beta1Power = scheduled.nextBeta1Power();
    beta2Power = scheduled.nextBeta2Power();
    return index;
  }

  /** Starts hashing the current state. */
  public PendingStateHash hashState() {
    return backend.hashState(residentState());
  }

  /** The current state's canonical bytes, assembled by the backend. */
  public byte[] stateBytes() {
    return backend.stateBytes(residentState());
  }

  /** The current state, read back to the host. */
  public TrainingState download() {
    return new TrainingState(
        specVersion,
        config,
        jobSeed,
        datasetRoot,
        step,
        beta1Power,
        beta2Power,
        readTensors(program.parameters()),
        readTensors(program.firstMoments()),
        readTensors(program.secondMoments()));
  }

  private ResidentState residentState() {
    return new ResidentState(
        StateHeaders.of(specVersion, config, jobSeed, datasetRoot, step, beta1Power, beta2Power),
        program.parameters(),
        program.firstMoments(),
        program.secondMoments());
  }

  private void write(List<TensorSpec> specs, ModelTensors values) {
    for (int i = 0; i < specs.size(); i++) {
      backend.write(specs.get(i), values.toArray(i));
    }
  }

  private ModelTensors readTensors(List<TensorSpec> specs) {
    return ModelTensors.copyOf(layout, readAll(specs));
  }

  private List<float[]> readAll(List<TensorSpec> specs) {
    List<float[]> values = new ArrayList<>(specs.size());
    for (TensorSpec spec : specs) {
      values.add(read(spec));
    }
    return values;
  }

  private float[] read(TensorSpec spec) {
    float[] values = new float[spec.size()];
    backend.read(spec, values);
    return values;
  }
}
