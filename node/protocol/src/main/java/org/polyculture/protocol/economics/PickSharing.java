package org.polyculture.protocol.economics;

/** Whether the verifiers of a segment audit the same steps or steps of their own choosing. */
public enum PickSharing {
  /**
   * Every verifier audits the picks {@code AuditSampler} derives from the public randomness (the
   * protocol v1 verifier): more verifiers make it likelier that someone audits, not that more steps
   * are audited.
   */
  SHARED,
  /**
   * Each verifier draws its picks from randomness only it knows (a possible extension: a fraud
   * dispute may name any step), so their samples are independent.
   */
  PRIVATE
}
