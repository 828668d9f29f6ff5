package org.polyculture.worker.cuda.check;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.data.TokenStream;

/**
 * Text-like training bytes for the device check, which runs where nothing can be downloaded: a pure
 * function of a seed, with the byte statistics of prose (words, spaces, punctuation, lines), so
 * that training moves its weights the way real text does.
 */
public final class SyntheticCorpus {

  private static final String[] WORDS =
      ("the of and to in is that it was for on are as with his they at be this from have or by one "
              + "had not but what all were when we there can an your which their said if do will each "
              + "about how up out them then she many some so these would other into has more her two "
              + "like him see time could no make than first been its who now people my made over did "
              + "down only way find use may water long little very after words called just where most "
              + "know get through back much before go good new write our used me man too any day same "
              + "right look think also around another came come work three word must because does part "
              + "even place well such here take why things help put years different away again off")
          .split(" ");

  private SyntheticCorpus() {}

  /** {@code length} bytes of text for {@code seed}. */
  public static byte[] text(long seed, int length) {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder text = new StringBuilder(length + 64);
    boolean sentenceStart = true;
    while (text.length() < length) {
      String word = WORDS[random.nextInt(WORDS.length)];
      text.append(sentenceStart ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
      sentenceStart = false;
      int mark = random.nextInt(24);
      if (mark == 0) {
        text.append(".\n");
        sentenceStart = true;
      } else if (mark < 3) {
        text.append(". ");
        sentenceStart = true;
      } else if (mark < 5) {
        text.append(", ");
      } else {
        text.append(' ');
      }
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
    return java.util.Arrays.copyOf(bytes, length);
  }

  /** The stream of {@link #text}, the last tenth held out. */
  public static TokenStream stream(long seed, int length) {
    return TokenStream.of(Bytes.wrap(text(seed, length)), length - length / 10);
  }

  /** A stand-in for the dataset root of the stream: the SHA-256 of its bytes. */
  public static Bytes32 root(long seed, int length) {
    try {
      return Bytes32.wrap(
          java.security.MessageDigest.getInstance("SHA-256").digest(text(seed, length)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
