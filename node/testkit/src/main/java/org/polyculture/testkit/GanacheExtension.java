package org.polyculture.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a real local chain: {@code @ExtendWith(GanacheExtension.class)} and a {@link
 * LocalChain} parameter (constructor, lifecycle or test method).
 *
 * <p>One Ganache process serves the whole test run and is stopped when the run ends. Each test
 * class starts from the state the chain had before the class (a snapshot is taken before its first
 * test and reverted after its last), so classes do not see each other's contracts or balances.
 * Tests that need a clean state inside a class use {@link LocalChain#snapshot()} and {@link
 * LocalChain#revert}.
 */
public final class GanacheExtension
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(GanacheExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    LocalChain chain = shared(context).chain();
    context.getStore(NAMESPACE).put(LocalChain.Snapshot.class, chain.snapshot());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    LocalChain.Snapshot snapshot =
        context.getStore(NAMESPACE).remove(LocalChain.Snapshot.class, LocalChain.Snapshot.class);
    if (snapshot != null) {
      shared(context).chain().revert(snapshot);
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalChain.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return shared(context).chain();
  }

  private static SharedGanache shared(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            SharedGanache.class, key -> SharedGanache.start(), SharedGanache.class);
  }

  /** The run-wide Ganache; JUnit closes it when the root context closes. */
  private record SharedGanache(GanacheProcess process, LocalChain chain) implements AutoCloseable {

    static SharedGanache start() {
      GanacheProcess process = GanacheProcess.start();
      try {
        return new SharedGanache(
            process,
            new LocalChain(
                process.rpcUrl(), DeterministicAccounts.derive(GanacheProcess.ACCOUNT_COUNT)));
      } catch (RuntimeException e) {
        process.close();
        throw e;
      }
    }

    @Override
    public void close() {
      chain.close();
      process.close();
    }
  }
}
