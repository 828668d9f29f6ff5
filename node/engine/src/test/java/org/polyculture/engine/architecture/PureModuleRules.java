package org.polyculture.engine.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The boundary around consensus-critical code (node/engine, node/protocol): no I/O, no network, no
 * clocks, no threads of its own, no stateful randomness and no library transcendental functions,
 * whose results differ between platforms. Shared with node/protocol as a test jar.
 */
public final class PureModuleRules {

  private static final String[] FORBIDDEN_PACKAGES = {
    "java.net..",
    "java.nio.file..",
    "java.nio.channels..",
    "java.net.http..",
    "java.sql..",
    "java.rmi..",
    "org.web3j..",
    "io.javalin..",
    "org.eclipse.jetty..",
    "org.lmdbjava..",
    "jcuda..",
    "okhttp3..",
    "io.vertx..",
    "io.netty..",
    "picocli.."
  };

  private static final String[] FORBIDDEN_CLASSES = {
    "java.io.File",
    "java.io.FileInputStream",
    "java.io.FileOutputStream",
    "java.io.FileReader",
    "java.io.FileWriter",
    "java.io.RandomAccessFile",
    "java.lang.ProcessBuilder",
    "java.lang.Runtime",
    "java.time.Clock",
    "java.util.Random",
    "java.util.SplittableRandom",
    "java.util.concurrent.ThreadLocalRandom",
    "java.security.SecureRandom",
    "java.util.concurrent.Executors",
    "java.util.concurrent.ForkJoinPool",
    "java.lang.Thread"
  };

  /** Library math whose results are not pinned bit for bit across platforms and JVMs. */
  private static final List<String> FORBIDDEN_MATH =
      List.of(
          "exp", "expm1", "log", "log10", "log1p", "pow", "sin", "cos", "tan", "asin", "acos",
          "atan", "atan2", "sinh", "cosh", "tanh", "cbrt", "hypot");

  private PureModuleRules() {}

  public static void check(JavaClasses classes) {
    for (ArchRule rule : rules()) {
      rule.check(classes);
    }
  }

  public static List<ArchRule> rules() {
    return List.of(
        noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(FORBIDDEN_PACKAGES)
            .because("consensus-critical code does no I/O and sees no chain, HTTP or storage"),
        noClasses()
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName(FORBIDDEN_CLASSES[0])
            .orShould()
            .dependOnClassesThat(
                com.tngtech.archunit.base.DescribedPredicate.describe(
                    "are one of " + String.join(", ", FORBIDDEN_CLASSES),
                    javaClass -> List.of(FORBIDDEN_CLASSES).contains(javaClass.getName())))
            .because("no files, processes, clocks, threads of its own or stateful randomness"),
        noClasses()
            .should()
            .callMethodWhere(
                com.tngtech.archunit.base.DescribedPredicate.describe(
                    "a transcendental function of java.lang.Math or StrictMath",
                    call ->
                        (call.getTargetOwner().isEquivalentTo(Math.class)
                                || call.getTargetOwner().isEquivalentTo(StrictMath.class))
                            && FORBIDDEN_MATH.contains(call.getName())))
            .because("transcendentals come from CanonicalMath, identical on every platform"),
        noClasses()
            .should()
            .callMethod(System.class, "currentTimeMillis")
            .orShould()
            .callMethod(System.class, "nanoTime")
            .because("a step's result never depends on the time"));
  }
}
