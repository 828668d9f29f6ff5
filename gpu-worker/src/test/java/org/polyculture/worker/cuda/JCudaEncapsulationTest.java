package org.polyculture.worker.cuda;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * JCuda is an implementation detail of the CUDA backend: only package-private classes of this
 * package touch it, so no JCuda type can leak into the rest of the worker.
 */
class JCudaEncapsulationTest {

  private static final JavaClasses WORKER =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.polyculture");

  private static final DescribedPredicate<JavaClass> USE_JCUDA =
      DescribedPredicate.describe(
          "use JCuda",
          type ->
              type.getDirectDependenciesFromSelf().stream()
                  .anyMatch(d -> d.getTargetClass().getPackageName().startsWith("jcuda")));

  @Test
  void shouldUseJCudaOnlyInPackagePrivateClassesOfTheCudaPackage() {
    classes()
        .that(USE_JCUDA)
        .should()
        .resideInAPackage("org.polyculture.worker.cuda")
        .andShould()
        .notBePublic()
        .check(WORKER);
  }

  @Test
  void shouldExposeNoJCudaTypeInPublicClasses() {
    noClasses()
        .that()
        .arePublic()
        .and()
        .resideInAPackage("org.polyculture..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("jcuda..")
        .check(WORKER);
  }
}
