package org.polyculture.api.endpoints;

import io.javalin.http.Context;
import java.util.Arrays;
import java.util.List;
import org.polyculture.api.http.ApiEndpoint;
import org.polyculture.api.http.EndpointSpec;
import org.polyculture.api.openapi.Types;
import org.polyculture.api.read.Conversions;
import org.polyculture.api.read.JobViews;
import org.polyculture.engine.model.NamedConfig;

/**
 * {@code GET /v1/model-configs}: the named model configurations a proposal may choose, with their
 * parameter counts, and whether this server prepares proposals of that size ({@code POST
 * /v1/proposal-drafts} builds and hashes the genesis state, so it bounds the model).
 */
public final class GetModelConfigs implements ApiEndpoint {

  private final List<ModelConfigOption> options;

  public GetModelConfigs(long maxDraftParameters) {
    this.options =
        Arrays.stream(NamedConfig.values())
            .map(
                named ->
                    new ModelConfigOption(
                        named.cliName(),
                        Conversions.config(named.config()),
                        named.config().tokensPerStep(),
                        named.config().parameterCount() <= maxDraftParameters))
            .toList();
  }

  @Override
  public EndpointSpec spec() {
    return EndpointSpec.get("/v1/model-configs", "getModelConfigs")
        .tag("governance")
        .summary("Named model configurations: architecture, parameter count, tokens per step")
        .response(Types.list(ModelConfigOption.class))
        .build();
  }

  @Override
  public void handle(Context ctx) {
    ctx.json(options);
  }

  /**
   * A named configuration.
   *
   * @param config its architecture and default schedule ({@code totalSteps} is the longest job it
   *     fits unless a proposal overrides the schedule)
   * @param preparable whether this server prepares proposals of this size
   */
  public record ModelConfigOption(
      String name, JobViews.ModelConfig config, long tokensPerStep, boolean preparable) {}
}
