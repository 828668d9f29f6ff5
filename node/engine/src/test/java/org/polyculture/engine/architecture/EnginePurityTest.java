package org.polyculture.engine.architecture;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class EnginePurityTest {

  @Test
  void engineClassesStayPure() {
    JavaClasses engine =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.polyculture.engine");
    PureModuleRules.check(engine);
  }

  @Test
  void rulesRejectClassesThatDoIo() {
    JavaClasses offender = new ClassFileImporter().importClasses(ReadsAFile.class);
    assertThatThrownBy(() -> PureModuleRules.check(offender))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("java.io.File");
  }

  @Test
  void rulesRejectLibraryTranscendentals() {
    JavaClasses offender = new ClassFileImporter().importClasses(UsesLibraryExp.class);
    assertThatThrownBy(() -> PureModuleRules.check(offender))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("transcendental");
  }

  static final class ReadsAFile {
    boolean exists() {
      return new java.io.File("/tmp").exists();
    }
  }

  static final class UsesLibraryExp {
    double exp(double x) {
      return Math.exp(x);
    }
  }
}
