package fastai.text;

import fastai.Figures;
import fastai.train.History;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Lesson 5's results, ours beside the course's. The course's figures are the validation accuracies
 * printed in its own notebook (fastai/courses, deeplearning1/nbs/lesson5.ipynb: Keras on a GPU,
 * 25,000 training and 25,000 test reviews of Keras' IMDB split), quoted as printed.
 */
public final class SentimentReport {
    public static final String HIDDEN = "single hidden layer";
    public static final String CONV = "one convolution";
    public static final String FROZEN = "pretrained vectors, frozen";
    public static final String UNFROZEN = "pretrained vectors, unfrozen";
    public static final String MULTI = "filter widths 3, 4, 5";
    public static final String LSTM = "LSTM";

    /** The course's val_acc, exactly as its notebook printed them, with the epochs they came after. */
    public static final Map<String, String> COURSE = new LinkedHashMap<>();
    static {
        COURSE.put(HIDDEN, "0.8804 after epoch 1, 0.8694 after epoch 2");
        COURSE.put(CONV, "0.8947 after epoch 4 (0.8911 after epoch 2)");
        COURSE.put(FROZEN, "0.8978 after 2 epochs (GloVe 6B.50d)");
        COURSE.put(UNFROZEN, "0.9008 after 1 more epoch at lr 1e-4");
        COURSE.put(MULTI, "0.9029 after 2 epochs; 0.9036 after 2 more, embedding frozen, lr 1e-5");
        COURSE.put(LSTM, "0.8776 after 5 epochs (500 words)");
    }

    private record Row(String step, int epochs, double secondsPerEpoch, double valAcc, String note) { }

    private final String notebook;
    private final List<Row> rows = new ArrayList<>();

    /** Results of one notebook; each {@link #add} also records the accuracy with {@link Figures#record}. */
    public SentimentReport(String notebook) { this.notebook = notebook; }

    /** The last {@code epochs} epochs of {@code h} were the step's training; its accuracy is the last epoch's. */
    public double add(String step, History h, int epochs, String note) {
        List<History.Epoch> es = h.epochs().subList(h.size() - epochs, h.size());
        double secs = es.stream().mapToDouble(History.Epoch::seconds).average().orElse(Double.NaN);
        double acc = h.lastValAcc();
        rows.add(new Row(step, epochs, secs, acc, note == null ? "" : note));
        Figures.record(notebook, step, acc);
        System.out.printf(Locale.ROOT, "%s: validation accuracy %.4f (course: %s)%n", step, acc, COURSE.getOrDefault(step, "-"));
        return acc;
    }

    public Table table() {
        StringColumn step = StringColumn.create("model"), course = StringColumn.create("course (val_acc)"),
                note = StringColumn.create("ours: how");
        IntColumn ep = IntColumn.create("epochs");
        DoubleColumn secs = DoubleColumn.create("s/epoch"), acc = DoubleColumn.create("ours (val_acc)");
        for (Row r : rows) {
            step.append(r.step());
            ep.append(r.epochs());
            secs.append(Math.round(r.secondsPerEpoch() * 10) / 10.0);
            acc.append(Math.round(r.valAcc() * 10000) / 10000.0);
            course.append(COURSE.getOrDefault(r.step(), "-"));
            note.append(r.note());
        }
        return Table.create("lesson 5: ours beside the course's", step, acc, ep, secs, note, course);
    }

    /** Our validation accuracies as bars. */
    public CategoryChart chart() {
        CategoryChart c = new CategoryChartBuilder().width(760).height(360).title("validation accuracy")
                .yAxisTitle("accuracy").build();
        c.getStyler().setLegendVisible(false);
        c.getStyler().setXAxisLabelRotation(20);
        c.getStyler().setYAxisMin(0.5).setYAxisMax(1.0);
        c.addSeries("ours", rows.stream().map(Row::step).toList(), rows.stream().map(Row::valAcc).toList());
        return c;
    }
}
