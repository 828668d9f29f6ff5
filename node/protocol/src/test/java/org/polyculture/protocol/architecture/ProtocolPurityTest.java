package org.polyculture.protocol.architecture;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.polyculture.engine.architecture.PureModuleRules;

class ProtocolPurityTest {

  @Test
  void protocolClassesStayPure() {
    PureModuleRules.check(
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.polyculture.protocol"));
  }
}
