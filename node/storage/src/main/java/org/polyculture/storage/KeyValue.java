package org.polyculture.storage;

import org.apache.tuweni.bytes.Bytes;

/** One stored entry. */
public record KeyValue(Bytes key, Bytes value) {}
