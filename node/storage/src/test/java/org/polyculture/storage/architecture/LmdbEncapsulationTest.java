package org.polyculture.storage.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noCodeUnits;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** lmdbjava stays inside {@code org.polyculture.storage.lmdb} and out of its public API. */
class LmdbEncapsulationTest {

  private static final JavaClasses STORAGE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.polyculture.storage");

  @Test
  void onlyTheLmdbPackageSeesLmdbjava() {
    noClasses()
        .that()
        .resideOutsideOfPackage("org.polyculture.storage.lmdb..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.lmdbjava..")
        .check(STORAGE);
  }

  @Test
  void publicApiExposesNoLmdbjavaType() {
    noCodeUnits()
        .that()
        .arePublic()
        .and()
        .areDeclaredInClassesThat()
        .arePublic()
        .should(
            com.tngtech.archunit.lang.conditions.ArchConditions.be(
                DescribedPredicate.describe(
                    "a method or constructor that takes or returns an lmdbjava type",
                    LmdbEncapsulationTest::exposesLmdbjava)))
        .check(STORAGE);
    noClasses()
        .that()
        .resideInAPackage("org.polyculture.storage.lmdb..")
        .and()
        .haveModifier(JavaModifier.PUBLIC)
        .should()
        .beAssignableTo(
            DescribedPredicate.describe(
                "an lmdbjava type", (JavaClass c) -> c.getPackageName().startsWith("org.lmdbjava")))
        .check(STORAGE);
  }

  private static boolean exposesLmdbjava(JavaCodeUnit unit) {
    return unit.getRawReturnType().getPackageName().startsWith("org.lmdbjava")
        || unit.getRawParameterTypes().stream()
            .anyMatch(type -> type.getPackageName().startsWith("org.lmdbjava"));
  }
}
