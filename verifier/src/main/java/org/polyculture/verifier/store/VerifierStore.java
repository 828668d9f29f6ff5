package org.polyculture.verifier.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.storage.Column;
import org.polyculture.storage.KeyValue;
import org.polyculture.storage.KeyValueStorage;
import org.polyculture.storage.KeyValueTransaction;
import org.polyculture.verifier.chain.LogPosition;

/**
 * The verifier's own records in its {@link KeyValueStorage} (beside the chain index): its cursor in
 * the event log, the audits, the disputes it has seen, its jury duties, and which of them still
 * need work. Every change goes through {@link #update}, one atomic transaction: after a crash
 * either all of a change is there or none of it, which is what lets the node persist an intent
 * before it acts and reconcile after a restart.
 */
public final class VerifierStore {

  static final Column META = new Column("verifier-meta");
  static final Column AUDITS = new Column("verifier-audits");
  static final Column DISPUTES = new Column("verifier-disputes");
  static final Column JURY = new Column("verifier-jury");
  static final Column ACTIVE = new Column("verifier-active");

  private static final Bytes CURSOR = ascii("event-cursor");
  private static final Bytes NEXT_SEQUENCE = ascii("next-audit-sequence");
  private static final Bytes ACTIVE_AUDIT = ascii("a");
  private static final Bytes ACTIVE_DISPUTE = ascii("d");
  private static final Bytes ACTIVE_JURY = ascii("j");

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new Jdk8Module())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  private final KeyValueStorage storage;

  public VerifierStore(KeyValueStorage storage) {
    this.storage = storage;
  }

  // ------------------------------------------------------------------ reads

  /** The last event log this node has acted on. */
  public Optional<LogPosition> cursor() {
    return storage.get(META, CURSOR).map(b -> new LogPosition(b.getLong(0), b.getLong(Long.BYTES)));
  }

  public Optional<AuditRecord> audit(long sequence) {
    return read(storage.get(AUDITS, sequenceKey(sequence)), AuditRecord.class);
  }

  public Optional<DisputeRecord> dispute(BigInteger disputeId) {
    return read(storage.get(DISPUTES, idKey(disputeId)), DisputeRecord.class);
  }

  public Optional<JuryRecord> jury(BigInteger disputeId) {
    return read(storage.get(JURY, idKey(disputeId)), JuryRecord.class);
  }

  /** Audits that still need work, oldest first. */
  public List<AuditRecord> activeAudits() {
    List<AuditRecord> audits = new ArrayList<>();
    for (KeyValue entry : storage.scan(ACTIVE, ACTIVE_AUDIT, ACTIVE_AUDIT, Integer.MAX_VALUE)) {
      audit(entry.key().slice(1).getLong(0)).ifPresent(audits::add);
    }
    return audits;
  }

  /** Disputes this node opened or judges that are not resolved yet. */
  public List<DisputeRecord> activeDisputes() {
    List<DisputeRecord> disputes = new ArrayList<>();
    for (KeyValue entry : storage.scan(ACTIVE, ACTIVE_DISPUTE, ACTIVE_DISPUTE, Integer.MAX_VALUE)) {
      dispute(idOf(entry.key())).ifPresent(disputes::add);
    }
    return disputes;
  }

  /** Jury duties not yet settled. */
  public List<JuryRecord> activeJuryDuties() {
    List<JuryRecord> duties = new ArrayList<>();
    for (KeyValue entry : storage.scan(ACTIVE, ACTIVE_JURY, ACTIVE_JURY, Integer.MAX_VALUE)) {
      jury(idOf(entry.key())).ifPresent(duties::add);
    }
    return duties;
  }

  /** Up to {@code limit} audits, newest last, ending with the newest. */
  public List<AuditRecord> recentAudits(int limit) {
    long next = nextSequence(storage.get(META, NEXT_SEQUENCE));
    long from = Math.max(0, next - limit);
    List<AuditRecord> audits = new ArrayList<>();
    for (KeyValue entry : storage.scan(AUDITS, Bytes.EMPTY, sequenceKey(from), limit)) {
      audits.add(decode(entry.value(), AuditRecord.class));
    }
    return audits;
  }

  /** Up to {@code limit} jury duties in dispute order. */
  public List<JuryRecord> juryDuties(int limit) {
    List<JuryRecord> duties = new ArrayList<>();
    for (KeyValue entry : storage.scan(JURY, Bytes.EMPTY, Bytes.EMPTY, limit)) {
      duties.add(decode(entry.value(), JuryRecord.class));
    }
    return duties;
  }

  // ------------------------------------------------------------------ writes

  /** Applies {@code change} atomically. */
  public void update(Consumer<Batch> change) {
    try (KeyValueTransaction transaction = storage.begin()) {
      change.accept(new Batch(transaction));
      transaction.commit();
    }
  }

  /** A set of changes made in one transaction; reads see the batch's own writes. */
  public final class Batch {
    private final KeyValueTransaction transaction;
    private final Map<Column, Map<Bytes, Optional<Bytes>>> written = new HashMap<>();

    private Batch(KeyValueTransaction transaction) {
      this.transaction = transaction;
    }

    public void cursor(LogPosition position) {
      put(
          META,
          CURSOR,
          Bytes.concatenate(
              Bytes.ofUnsignedLong(position.block()), Bytes.ofUnsignedLong(position.logIndex())));
    }

    /** Stores a new pending audit under the next sequence number and returns it. */
    public AuditRecord newAudit(LongFunction<AuditRecord> create) {
      long sequence = nextSequence(get(META, NEXT_SEQUENCE));
      put(META, NEXT_SEQUENCE, Bytes.ofUnsignedLong(sequence + 1));
      AuditRecord audit = create.apply(sequence);
      put(audit);
      return audit;
    }

    /** The audits still needing work, with this batch's own changes. */
    public List<AuditRecord> activeAudits() {
      Map<Long, AuditRecord> audits = new TreeMap<>();
      for (AuditRecord audit : VerifierStore.this.activeAudits()) {
        audits.put(audit.sequence(), audit);
      }
      for (Map.Entry<Bytes, Optional<Bytes>> entry :
          written.getOrDefault(AUDITS, Map.of()).entrySet()) {
        AuditRecord audit = decode(entry.getValue().orElseThrow(), AuditRecord.class);
        if (audit.status().isActive()) {
          audits.put(audit.sequence(), audit);
        } else {
          audits.remove(audit.sequence());
        }
      }
      return List.copyOf(audits.values());
    }

    public void put(AuditRecord audit) {
      Bytes key = sequenceKey(audit.sequence());
      put(AUDITS, key, encode(audit));
      active(Bytes.concatenate(ACTIVE_AUDIT, key), audit.status().isActive());
    }

    public Optional<DisputeRecord> dispute(BigInteger disputeId) {
      return read(get(DISPUTES, idKey(disputeId)), DisputeRecord.class);
    }

    /** Stores a dispute; {@code involved} keeps it among those this node drives. */
    public void put(DisputeRecord dispute, boolean involved) {
      Bytes key = idKey(dispute.id());
      put(DISPUTES, key, encode(dispute));
      active(Bytes.concatenate(ACTIVE_DISPUTE, key), involved && dispute.outcome().isEmpty());
    }

    public Optional<JuryRecord> jury(BigInteger disputeId) {
      return read(get(JURY, idKey(disputeId)), JuryRecord.class);
    }

    public void put(JuryRecord duty) {
      Bytes key = idKey(new BigInteger(duty.disputeId()));
      put(JURY, key, encode(duty));
      active(Bytes.concatenate(ACTIVE_JURY, key), duty.status().isActive());
    }

    private void active(Bytes key, boolean active) {
      if (active) {
        put(ACTIVE, key, Bytes.EMPTY);
      } else {
        transaction.remove(ACTIVE, key);
        written.computeIfAbsent(ACTIVE, c -> new HashMap<>()).put(key, Optional.empty());
      }
    }

    private void put(Column column, Bytes key, Bytes value) {
      transaction.put(column, key, value);
      written.computeIfAbsent(column, c -> new HashMap<>()).put(key, Optional.of(value));
    }

    private Optional<Bytes> get(Column column, Bytes key) {
      Map<Bytes, Optional<Bytes>> pending = written.getOrDefault(column, Map.of());
      return pending.containsKey(key) ? pending.get(key) : storage.get(column, key);
    }
  }

  // ------------------------------------------------------------------ encoding

  private static long nextSequence(Optional<Bytes> stored) {
    return stored.map(b -> b.getLong(0)).orElse(0L);
  }

  private static Bytes sequenceKey(long sequence) {
    return Bytes.ofUnsignedLong(sequence);
  }

  private static Bytes idKey(BigInteger id) {
    if (id.signum() < 0 || id.bitLength() > 256) {
      throw new IllegalArgumentException("not a uint256: " + id);
    }
    return Bytes32.leftPad(Bytes.wrap(id.toByteArray()).trimLeadingZeros());
  }

  private static BigInteger idOf(Bytes activeKey) {
    return activeKey.slice(1).toUnsignedBigInteger();
  }

  private static Bytes ascii(String text) {
    return Bytes.wrap(text.getBytes(StandardCharsets.US_ASCII));
  }

  private static Bytes encode(Object record) {
    try {
      return Bytes.wrap(JSON.writeValueAsBytes(record));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + record, e);
    }
  }

  private static <T> Optional<T> read(Optional<Bytes> stored, Class<T> type) {
    return stored.map(bytes -> decode(bytes, type));
  }

  private static <T> T decode(Bytes bytes, Class<T> type) {
    try {
      return JSON.readValue(bytes.toArrayUnsafe(), type);
    } catch (IOException e) {
      throw new IllegalStateException("a stored " + type.getSimpleName() + " does not decode", e);
    }
  }
}
