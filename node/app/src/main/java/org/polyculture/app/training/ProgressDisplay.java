package org.polyculture.app.training;

import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on the command's error stream, showing the loss and the step rate. */
final class ProgressDisplay implements AutoCloseable {

  private final ProgressBar bar;

  ProgressDisplay(String task, long steps, PrintWriter err) {
    this.bar =
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(steps)
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(250)
            .setConsumer(new WriterConsumer(err))
            .build();
  }

  void update(long done, float loss, double stepsPerSecond) {
    bar.stepTo(done);
    bar.setExtraMessage(String.format("loss %.4f  %.2f steps/s", loss, stepsPerSecond));
  }

  @Override
  public void close() {
    bar.close();
  }

  /** Redraws the bar in place with a carriage return on the given writer. */
  private static final class WriterConsumer implements ProgressBarConsumer {
    private final PrintWriter err;

    WriterConsumer(PrintWriter err) {
      this.err = err;
    }

    @Override
    public int getMaxRenderedLength() {
      return 110;
    }

    @Override
    public void accept(String rendered) {
      err.print('\r');
      err.print(rendered);
      err.flush();
    }

    @Override
    public void close() {
      err.println();
      err.flush();
    }
  }
}
