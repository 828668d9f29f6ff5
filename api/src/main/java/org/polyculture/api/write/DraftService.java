package org.polyculture.api.write;

import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.api.http.ApiException;
import org.polyculture.api.http.Problem;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.engine.model.NamedConfig;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.governance.proposal.DatasetReference;
import org.polyculture.governance.proposal.ModelProposal;
import org.polyculture.governance.proposal.PreparedProposal;
import org.polyculture.governance.proposal.ProposalPreparer;

/**
 * Turns a {@link DraftRequest} into a prepared model proposal: validates every field (all problems
 * at once, as 400 field errors), bounds the model size (the genesis state is built and hashed
 * here), computes one genesis at a time (a second concurrent request is told to retry), and
 * remembers recent results (the same form re-sent costs nothing).
 */
public final class DraftService {

  private static final Pattern UINT = Pattern.compile("0|[1-9][0-9]{0,77}");
  private static final Pattern HASH = Pattern.compile("0x[0-9a-fA-F]{64}");
  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
  private static final int CACHED = 32;

  private final ProposalPreparer preparer;
  private final long maxParameters;
  private final Semaphore genesis = new Semaphore(1);
  private final Map<ModelProposal, PreparedProposal> recent =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<ModelProposal, PreparedProposal> eldest) {
          return size() > CACHED;
        }
      };

  public DraftService(ChainDeployment deployment, StateHasher hasher, long maxParameters) {
    this.preparer = new ProposalPreparer(deployment, hasher);
    this.maxParameters = maxParameters;
  }

  public long maxParameters() {
    return maxParameters;
  }

  /** The prepared proposal, or a 400 listing every invalid field. */
  public PreparedProposal prepare(DraftRequest request) {
    ModelProposal proposal = validate(request);
    synchronized (recent) {
      PreparedProposal cached = recent.get(proposal);
      if (cached != null) {
        return cached;
      }
    }
    if (!genesis.tryAcquire()) {
      throw ApiException.busy("another proposal's genesis state is being computed; retry shortly");
    }
    try {
      PreparedProposal prepared = preparer.prepare(proposal);
      synchronized (recent) {
        recent.put(proposal, prepared);
      }
      return prepared;
    } finally {
      genesis.release();
    }
  }

  /** The validated proposal the request describes. */
  public ModelProposal validate(DraftRequest request) {
    List<Problem.FieldError> errors = new ArrayList<>();
    ModelProposal.Builder builder = ModelProposal.builder();
    builder.name(required(errors, "name", request.name()));
    builder.community(required(errors, "community", request.community()));
    builder.summary(request.summary().orElse(""));
    model(errors, request.model(), builder);
    builder.seed(seed(errors, request.seed()));
    dataset(errors, request.dataset(), builder);
    if (request.totalSteps() == null) {
      errors.add(new Problem.FieldError("totalSteps", "is required"));
    } else {
      builder.totalSteps(request.totalSteps());
    }
    if (request.segmentLength() == null) {
      errors.add(new Problem.FieldError("segmentLength", "is required"));
    } else {
      builder.segmentLength(request.segmentLength());
    }
    builder.rewardPerSegment(amount(errors, "rewardPerSegment", request.rewardPerSegment()));
    builder.minWorkerStake(amount(errors, "minWorkerStake", request.minWorkerStake()));
    request.challengeWindowSeconds().ifPresent(s -> builder.challengeWindow(Duration.ofSeconds(s)));
    request.leaseSeconds().ifPresent(s -> builder.leaseDuration(Duration.ofSeconds(s)));
    request
        .proposer()
        .ifPresent(
            p -> {
              if (!ADDRESS.matcher(p).matches()) {
                errors.add(new Problem.FieldError("proposer", "must be an address"));
              }
            });
    builder.proposer(request.proposer().filter(p -> ADDRESS.matcher(p).matches()));
    if (errors.isEmpty()) {
      for (String problem : builder.problems()) {
        errors.add(new Problem.FieldError("proposal", problem));
      }
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    return builder.build();
  }

  private void model(
      List<Problem.FieldError> errors, DraftRequest.Model model, ModelProposal.Builder builder) {
    if (model == null || model.name().isPresent() == model.config().isPresent()) {
      errors.add(new Problem.FieldError("model", "give exactly one of name and config"));
      return;
    }
    if (model.name().isPresent()) {
      Optional<NamedConfig> named = NamedConfig.byName(model.name().get());
      if (named.isEmpty()) {
        errors.add(new Problem.FieldError("model.name", "is not a named configuration"));
        return;
      }
      if (named.get().config().parameterCount() > maxParameters) {
        errors.add(tooLarge(named.get().config().parameterCount()));
        return;
      }
      builder.model(named.get());
      return;
    }
    DraftRequest.Config c = model.config().get();
    Object[] values = {
      c.layers(), c.channels(), c.heads(), c.context(), c.batch(), c.maxLearningRate(),
      c.minLearningRate(), c.warmupSteps(), c.totalSteps(), c.beta1(), c.beta2(), c.epsilon(),
      c.weightDecay(), c.maxGradNorm()
    };
    for (Object value : values) {
      if (value == null) {
        errors.add(new Problem.FieldError("model.config", "every field is required"));
        return;
      }
    }
    ModelConfig.Builder config =
        ModelConfig.builder()
            .layers(c.layers())
            .channels(c.channels())
            .heads(c.heads())
            .context(c.context())
            .batch(c.batch())
            .maxLearningRate(c.maxLearningRate())
            .minLearningRate(c.minLearningRate())
            .warmupSteps(c.warmupSteps())
            .totalSteps(c.totalSteps())
            .beta1(c.beta1())
            .beta2(c.beta2())
            .epsilon(c.epsilon())
            .weightDecay(c.weightDecay())
            .maxGradNorm(c.maxGradNorm());
    List<String> problems = config.problems();
    if (!problems.isEmpty()) {
      problems.forEach(p -> errors.add(new Problem.FieldError("model.config", p)));
      return;
    }
    ModelConfig built = config.build();
    if (built.parameterCount() > maxParameters) {
      errors.add(tooLarge(built.parameterCount()));
      return;
    }
    builder.model(built);
  }

  private Problem.FieldError tooLarge(long parameters) {
    return new Problem.FieldError(
        "model",
        "has "
            + parameters
            + " parameters; this server prepares proposals of models up to "
            + maxParameters
            + " (use the governance client for larger ones)");
  }

  private static void dataset(
      List<Problem.FieldError> errors,
      DraftRequest.Dataset dataset,
      ModelProposal.Builder builder) {
    if (dataset == null) {
      errors.add(new Problem.FieldError("dataset", "is required"));
      return;
    }
    boolean valid = true;
    if (dataset.root() == null || !HASH.matcher(dataset.root()).matches()) {
      errors.add(new Problem.FieldError("dataset.root", "must be 0x and 64 hex digits"));
      valid = false;
    }
    if (dataset.manifestHash() == null || !HASH.matcher(dataset.manifestHash()).matches()) {
      errors.add(new Problem.FieldError("dataset.manifestHash", "must be 0x and 64 hex digits"));
      valid = false;
    }
    if (dataset.bytes() == null) {
      errors.add(new Problem.FieldError("dataset.bytes", "is required"));
      valid = false;
    }
    List<URI> locations = new ArrayList<>();
    if (dataset.locations() == null || dataset.locations().isEmpty()) {
      errors.add(new Problem.FieldError("dataset.locations", "at least one URL is required"));
      valid = false;
    } else if (dataset.locations().size() > DatasetReference.MAX_LOCATIONS) {
      errors.add(
          new Problem.FieldError(
              "dataset.locations", "at most " + DatasetReference.MAX_LOCATIONS + " URLs"));
      valid = false;
    } else {
      for (int i = 0; i < dataset.locations().size(); i++) {
        String location = dataset.locations().get(i);
        try {
          if (location == null || location.length() > DatasetReference.MAX_LOCATION_BYTES) {
            throw new URISyntaxException(String.valueOf(location), "too long");
          }
          locations.add(new URI(location));
        } catch (URISyntaxException e) {
          errors.add(new Problem.FieldError("dataset.locations." + i, "is not a URL"));
          valid = false;
        }
      }
    }
    if (valid) {
      builder.dataset(
          new DatasetReference(
              Bytes32.fromHexString(dataset.root()),
              Bytes32.fromHexString(dataset.manifestHash()),
              dataset.bytes(),
              locations));
    }
  }

  private static String required(List<Problem.FieldError> errors, String field, String value) {
    if (value == null) {
      errors.add(new Problem.FieldError(field, "is required"));
      return "";
    }
    return value;
  }

  private static long seed(List<Problem.FieldError> errors, String value) {
    if (value == null || !UINT.matcher(value).matches() || value.length() > 20) {
      errors.add(new Problem.FieldError("seed", "must be an unsigned 64-bit decimal"));
      return 0;
    }
    try {
      return Long.parseUnsignedLong(value);
    } catch (NumberFormatException e) {
      errors.add(new Problem.FieldError("seed", "must be an unsigned 64-bit decimal"));
      return 0;
    }
  }

  private static BigInteger amount(List<Problem.FieldError> errors, String field, String value) {
    if (value == null || !UINT.matcher(value).matches()) {
      errors.add(new Problem.FieldError(field, "must be token base units as a decimal string"));
      return BigInteger.ONE;
    }
    return new BigInteger(value);
  }
}
