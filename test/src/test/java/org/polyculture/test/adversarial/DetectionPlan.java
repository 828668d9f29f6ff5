package org.polyculture.test.adversarial;

import java.util.ArrayList;
import java.util.List;

/**
 * What the detection measurement measures: for each segment length S, cheats touching one step (at
 * an offset in the segment's first half) or the tail from 3S/4 and from S/2 (m = S/4, S/2), each
 * audited at k = 1, 2, 4, ... up to S.
 */
record DetectionPlan(List<Integer> segmentLengths, int trials) {

  static final List<String> SINGLE_STEP_CHEATS =
      List.of("skip-step", "perturb-weights", "wrong-batch", "wrong-learning-rate");

  static DetectionPlan of(AdversarialProfile profile) {
    return profile.full()
        ? new DetectionPlan(List.of(16, 32), 1_000)
        : new DetectionPlan(List.of(16), 80);
  }

  List<DetectionExperiment.Cheat> cheats(int segmentLength) {
    List<DetectionExperiment.Cheat> cheats = new ArrayList<>();
    for (String strategy : SINGLE_STEP_CHEATS) {
      cheats.add(new DetectionExperiment.Cheat(strategy, segmentLength / 3));
    }
    cheats.add(new DetectionExperiment.Cheat("fewer-steps", segmentLength * 3 / 4));
    cheats.add(new DetectionExperiment.Cheat("fewer-steps", segmentLength / 2));
    return cheats;
  }

  /** The m each cheat should touch: one step, or the tail from its offset. */
  static int expectedTampered(DetectionExperiment.Cheat cheat, int segmentLength) {
    return cheat.strategy().equals("fewer-steps") ? segmentLength - cheat.offset() : 1;
  }

  static List<Integer> audits(int segmentLength) {
    List<Integer> audits = new ArrayList<>();
    for (int k = 1; k <= segmentLength; k *= 2) {
      audits.add(k);
    }
    return audits;
  }
}
