package fastai.rnn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import org.knowm.xchart.style.Styler;

/**
 * What one model's training produced: the loss as it fell (mean training loss per character over
 * each stretch of steps, against epochs done), the time it took, and the validation loss at the
 * end. Shared by the from-scratch {@link Trainer} and the DL4J trainer so all models land in one
 * plot and one table.
 */
public final class TrainingLog {
    public final String model;
    public final int hiddenSize;
    public final long parameterCount;
    private final List<Double> epochs = new ArrayList<>();
    private final List<Double> losses = new ArrayList<>();
    private double seconds;
    private long charsSeen;
    private double epochsDone;
    private double validLoss = Double.NaN;

    public TrainingLog(String model, int hiddenSize, long parameterCount) {
        this.model = model;
        this.hiddenSize = hiddenSize;
        this.parameterCount = parameterCount;
    }

    /** Records the mean loss of the last stretch of training, ending at {@code epoch}. */
    public void addPoint(double epoch, double loss) {
        epochs.add(epoch);
        losses.add(loss);
    }

    /** Adds training time and work done (the time of loss evaluation and sampling is not counted). */
    public void addWork(double seconds, long chars, double epochs) {
        this.seconds += seconds;
        this.charsSeen += chars;
        this.epochsDone += epochs;
    }

    public void setValidLoss(double loss) {
        this.validLoss = loss;
    }

    public List<Double> epochs() { return epochs; }
    public List<Double> losses() { return losses; }
    public double seconds() { return seconds; }
    public long charsSeen() { return charsSeen; }
    public double epochsDone() { return epochsDone; }
    public double validLoss() { return validLoss; }

    public double charsPerSecond() {
        return seconds > 0 ? charsSeen / seconds : Double.NaN;
    }

    /** Training seconds per full pass over the training examples. */
    public double secondsPerEpoch() {
        return epochsDone > 0 ? seconds / epochsDone : Double.NaN;
    }

    /** The last recorded training loss. */
    public double finalLoss() {
        return losses.isEmpty() ? Double.NaN : losses.get(losses.size() - 1);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: %.2f epochs in %.1f s (%.1f s/epoch, %.0f chars/s), final training loss %.4f, validation loss %.4f",
                model, epochsDone, seconds, secondsPerEpoch(), charsPerSecond(), finalLoss(), validLoss);
    }

    /** Loss against epochs, one line per model. */
    public static XYChart lossChart(String title, List<TrainingLog> logs) {
        XYChart chart = new XYChartBuilder().width(800).height(450).title(title)
                .xAxisTitle("epochs").yAxisTitle("training loss (nats per character)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setMarkerSize(0);
        for (TrainingLog log : logs) {
            if (log.epochs.isEmpty()) continue;
            XYSeries s = chart.addSeries(log.model, log.epochs, log.losses);
            s.setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    /** One row per model: size, time per epoch, speed, losses. */
    public static Table table(List<TrainingLog> logs) {
        StringColumn name = StringColumn.create("model");
        IntColumn hidden = IntColumn.create("hidden");
        LongColumn params = LongColumn.create("parameters");
        DoubleColumn ep = DoubleColumn.create("epochs");
        DoubleColumn spe = DoubleColumn.create("s/epoch");
        DoubleColumn cps = DoubleColumn.create("chars/s");
        DoubleColumn fin = DoubleColumn.create("final train loss");
        DoubleColumn val = DoubleColumn.create("valid loss");
        for (TrainingLog l : logs) {
            name.append(l.model);
            hidden.append(l.hiddenSize);
            params.append(l.parameterCount);
            ep.append(round(l.epochsDone, 2));
            spe.append(round(l.secondsPerEpoch(), 1));
            cps.append(Math.round(l.charsPerSecond()));
            fin.append(round(l.finalLoss(), 4));
            val.append(round(l.validLoss, 4));
        }
        return Table.create("training, per model", name, hidden, params, ep, spe, cps, fin, val);
    }

    private static double round(double v, int digits) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return v;
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
