package org.polyculture.worker;

/** Where this worker recorded a state: in the segment {@code key}, after {@code step} steps. */
public record StateLocation(SegmentKey key, long step) {}
