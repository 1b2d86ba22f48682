package fastai.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import fastai.display.Renderable;
import fastai.display.Renderers;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import fastai.display.Plots;
import java.util.Arrays;

/** Per-epoch numbers from {@code fit}: like the history object Keras returned. */
public final class History implements Renderable {
    /** One epoch: mean training loss and accuracy over its batches, then validation loss and accuracy. */
    public record Epoch(int epoch, double loss, double acc, double valLoss, double valAcc, double seconds, long images) {
        @Override public String toString() {
            return String.format(Locale.ROOT, "epoch %d: loss %.4f acc %.4f - val_loss %.4f val_acc %.4f (%.1fs, %.0f img/s)",
                    epoch, loss, acc, valLoss, valAcc, seconds, images / Math.max(seconds, 1e-9));
        }
    }

    private final List<Epoch> epochs = new ArrayList<>();

    public void add(Epoch e) { epochs.add(e); }
    public List<Epoch> epochs() { return Collections.unmodifiableList(epochs); }
    public int size() { return epochs.size(); }
    public boolean isEmpty() { return epochs.isEmpty(); }
    /** The latest epoch (throws if none yet). */
    public Epoch last() {
        if (epochs.isEmpty()) throw new IllegalStateException("no epochs trained yet");
        return epochs.get(epochs.size() - 1);
    }
    public double lastValAcc() { return last().valAcc(); }

    public Table table() {
        IntColumn ep = IntColumn.create("epoch");
        DoubleColumn l = DoubleColumn.create("loss"), a = DoubleColumn.create("acc"),
                vl = DoubleColumn.create("val_loss"), va = DoubleColumn.create("val_acc"), s = DoubleColumn.create("seconds");
        for (Epoch e : epochs) {
            ep.append(e.epoch()); l.append(r4(e.loss())); a.append(r4(e.acc()));
            vl.append(r4(e.valLoss())); va.append(r4(e.valAcc())); s.append(Math.round(e.seconds() * 10) / 10.0);
        }
        return Table.create("history", ep, l, a, vl, va, s);
    }

    /** Loss and validation loss per epoch (and accuracies), as an XChart line chart. */
    public XYChart chart() {
        XYChart c = new XYChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT).title("training history").xAxisTitle("epoch").build();
        double[] x = new double[epochs.size()];
        double[][] ys = new double[4][epochs.size()];
        for (int i = 0; i < x.length; i++) {
            Epoch e = epochs.get(i);
            x[i] = e.epoch();
            ys[0][i] = e.loss(); ys[1][i] = e.valLoss(); ys[2][i] = e.acc(); ys[3][i] = e.valAcc();
        }
        String[] names = {"loss", "val_loss", "acc", "val_acc"};
        if (x.length > 0) for (int k = 0; k < 4; k++) c.addSeries(names[k], x, ys[k]);
        return c;
    }

    /** Training and validation loss per epoch. */
    public XYChart lossChart(String title) {
        return chart(title + ": loss per epoch", "loss", epochs.stream().mapToDouble(Epoch::loss).toArray(),
                epochs.stream().mapToDouble(Epoch::valLoss).toArray());
    }

    /** Training and validation accuracy per epoch. */
    public XYChart accuracyChart(String title) {
        return chart(title + ": accuracy per epoch", "accuracy", epochs.stream().mapToDouble(Epoch::acc).toArray(),
                epochs.stream().mapToDouble(Epoch::valAcc).toArray());
    }

    private XYChart chart(String title, String y, double[] train, double[] val) {
        XYChart c = new XYChartBuilder().width(640).height(320).title(title).xAxisTitle("epoch").yAxisTitle(y).build();
        double[] x = epochs.stream().mapToDouble(Epoch::epoch).toArray();
        if (x.length == 0) return c;
        c.addSeries("train " + y, x, train);
        if (!Arrays.stream(val).allMatch(Double::isNaN)) c.addSeries("validation " + y, x, val);
        return c;
    }

    private static double r4(double v) { return Double.isNaN(v) ? v : Math.round(v * 10000) / 10000.0; }

    @Override public Map<String, String> mimeBundle() { return Renderers.render(table()); }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Epoch e : epochs) sb.append(e).append('\n');
        return sb.toString().strip();
    }
}
