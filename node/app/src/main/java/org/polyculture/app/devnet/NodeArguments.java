package org.polyculture.app.devnet;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code polyculture} command lines of the devnet's nodes: the same subcommands and options a
 * person would use on separate machines. Keys come as keystore files with a password file; no key
 * or password is ever an argument.
 */
public final class NodeArguments {

  private NodeArguments() {}

  public static List<String> worker(NodeContext context, WorkerLaunch launch) {
    List<String> args = new ArrayList<>();
    args.add("worker");
    node(args, context, launch.account(), launch.dataDirectory().toString());
    args.addAll(
        List.of(
            "--listen",
            "127.0.0.1:" + launch.port(),
            "--threads",
            Integer.toString(launch.threads())));
    launch
        .cheat()
        .ifPresent(
            strategy -> {
              args.add("--cheat");
              args.add(strategy);
            });
    return List.copyOf(args);
  }

  public static List<String> verifier(NodeContext context, VerifierLaunch launch) {
    List<String> args = new ArrayList<>();
    args.add("verifier");
    node(args, context, launch.account(), launch.dataDirectory().toString());
    args.addAll(
        List.of(
            "--audits-per-segment",
            Integer.toString(launch.audits()),
            "--report-listen",
            "127.0.0.1:" + launch.reportPort(),
            "--threads",
            Integer.toString(launch.threads())));
    return List.copyOf(args);
  }

  public static List<String> api(NodeContext context, ApiLaunch launch) {
    return List.of(
        "api",
        "--rpc",
        context.rpcUrl(),
        "--deployment",
        context.deploymentFile().toString(),
        "--data-dir",
        launch.dataDirectory().toString(),
        "--listen",
        "127.0.0.1:" + launch.port(),
        "--devnet-accounts",
        launch.demoAccounts().toString(),
        "--keystore",
        launch.relayer().keystore().toString(),
        "--password-file",
        context.passwordFile().toString());
  }

  private static void node(
      List<String> args, NodeContext context, DevnetAccount account, String dataDirectory) {
    args.addAll(
        List.of(
            "--rpc",
            context.rpcUrl(),
            "--deployment",
            context.deploymentFile().toString(),
            "--keystore",
            account.keystore().toString(),
            "--password-file",
            context.passwordFile().toString(),
            "--data-dir",
            dataDirectory));
  }
}
