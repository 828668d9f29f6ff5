package org.polyculture.engine.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.polyculture.engine.backend.Backend;
import org.polyculture.engine.data.Batch;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.engine.model.ModelTensors;
import org.polyculture.engine.model.ParameterLayout;
import org.polyculture.engine.model.Schedule;
import org.polyculture.engine.model.TransformerProgram;
import org.polyculture.engine.ops.Op;
import org.polyculture.engine.ops.StepScalars;
import org.polyculture.engine.state.TrainingState;
import org.polyculture.engine.tensor.TensorSpec;

/**
 * Runs training steps of one model on one backend: {@code (state, batch) → state'} by the canonical
 * program of {@link TransformerProgram}. Also runs the forward pass alone for held-out evaluation,
 * on the same tensors.
 *
 * <p>The parameters and moments stay on the backend between steps: a state this executor produced
 * is not written back before the next step. Not thread-safe, like the backend it drives.
 */
public final class StepExecutor {

  private final Backend backend;
  private final ModelConfig config;
  private final TransformerProgram program;
  private final Schedule schedule;
  private final ParameterLayout layout;
  private Optional<TrainingState> resident = Optional.empty();

  /** Allocates the training program's tensors on {@code backend}, which the caller owns. */
  public StepExecutor(Backend backend, ModelConfig config) {
    this.backend = backend;
    this.config = config;
    this.program = TransformerProgram.training(config);
    this.schedule = new Schedule(config);
    this.layout = program.layout();
    backend.allocate(program.tensors());
  }

  public TransformerProgram program() {
    return program;
  }

  /** Runs step {@code state.step()} on {@code batch}. */
  public StepOutcome step(TrainingState state, Batch batch) {
    return step(state, batch, Optional.empty());
  }

  /** Runs the step and hands every op's outputs to {@code trace}. */
  public StepOutcome step(TrainingState state, Batch batch, OpTrace trace) {
    return step(state, batch, Optional.of(trace));
  }

  private StepOutcome step(TrainingState state, Batch batch, Optional<OpTrace> trace) {
    requireConfig(state);
    requireBatch(batch);
    Schedule.ScheduledStep scheduled =
        schedule.forStep(state.step(), state.beta1Power(), state.beta2Power());
    makeResident(state);
    writeBatch(batch);
    resident = Optional.empty();
    List<Op> ops = program.ops();
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      backend.execute(op, scheduled.scalars());
      if (trace.isPresent()) {
        trace.get().afterOp(i, op, readAll(op.outputs()));
      }
    }
    TrainingState next =
        state.next(
            scheduled.nextBeta1Power(),
            scheduled.nextBeta2Power(),
            readTensors(program.parameters()),
            readTensors(program.firstMoments()),
            readTensors(program.secondMoments()));
    resident = Optional.of(next);
    return new StepOutcome(next, read(program.loss())[0]);
  }

  /**
   * The per-position losses of the forward pass of {@code state}'s parameters on {@code batch},
   * which must have the training batch shape. Leaves the state on the backend unchanged.
   */
  public float[] evaluate(TrainingState state, Batch batch) {
    requireConfig(state);
    requireBatch(batch);
    makeResident(state);
    writeBatch(batch);
    StepScalars scalars = StepScalars.forwardOnly(state.step());
    for (Op op : program.forwardOps()) {
      backend.execute(op, scalars);
    }
    return read(program.losses());
  }

  private void makeResident(TrainingState state) {
    if (resident.isPresent() && resident.get() == state) {
      return;
    }
    resident = Optional.empty();
    write(program.parameters(), state.parameters());
    write(program.firstMoments(), state.firstMoments());
    write(program.secondMoments(), state.secondMoments());
    resident = Optional.of(state);
  }

  private void writeBatch(Batch batch) {
    backend.writeInts(program.tokens(), batch.inputs());
    backend.writeInts(program.targets(), batch.targets());
  }

  private void write(List<TensorSpec> specs, ModelTensors values) {
    for (int i = 0; i < specs.size(); i++) {
      backend.write(specs.get(i), values.toArray(i));
    }
  }

  private ModelTensors readTensors(List<TensorSpec> specs) {
    List<float[]> values = new ArrayList<>(specs.size());
    for (TensorSpec spec : specs) {
      values.add(read(spec));
    }
    return ModelTensors.copyOf(layout, values);
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

  private void requireConfig(TrainingState state) {
    if (!state.config().equals(config)) {
      throw new IllegalArgumentException(
          "state is for " + state.config() + ", this executor runs " + config);
    }
  }

  private void requireBatch(Batch batch) {
    if (batch.rows() != config.batch() || batch.context() != config.context()) {
      throw new IllegalArgumentException(
          "batch is " + batch + ", the model needs " + config.batch() + "×" + config.context());
    }
  }
}
