package fastai;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.nd4j.linalg.api.ndarray.INDArray;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import fastai.io.AtomicFiles;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The Kaggle dogs-vs-cats submission: {@code id,label} where id is the number in the test file's
 * name ({@code 1234.jpg}) and label is the predicted probability of the second class (dog),
 * clipped to {@code [clip, 1-clip]} because log loss punishes a confident mistake without limit.
 * The course clipped to 0.02..0.98.
 */
public final class Submission {
    /** The course's clipping. */
    public static final double DEFAULT_CLIP = 0.02;

    private Submission() { }

    /** Writes the CSV for a {@link TestResult} with the default clipping; returns the rows as a table. */
    public static Table write(TestResult result, Path csv) {
        return write(result.probabilities(), result.files(), csv, DEFAULT_CLIP);
    }

    public static Table write(TestResult result, Path csv, double clip) {
        return write(result.probabilities(), result.files(), csv, clip);
    }

    /**
     * Writes {@code id,label} rows sorted by id, atomically. {@code probabilities} is [N, classes]
     * (column 1 is used) or a vector of probabilities; {@code files} names the rows.
     */
    public static Table write(INDArray probabilities, List<String> files, Path csv, double clip) {
        if (clip < 0 || clip >= 0.5) throw new IllegalArgumentException("clip must be in [0, 0.5), got " + clip);
        INDArray p = probabilities.rank() == 2 ? probabilities.getColumn(probabilities.size(1) > 1 ? 1 : 0) : probabilities;
        double[] v = p.castTo(DataType.DOUBLE).toDoubleVector();
        if (v.length != files.size()) throw new IllegalArgumentException(v.length + " probabilities but " + files.size() + " files");
        record Row(long id, double label) { }
        List<Row> rows = new ArrayList<>(v.length);
        for (int i = 0; i < v.length; i++) {
            rows.add(new Row(idOf(files.get(i)), Math.max(clip, Math.min(1 - clip, v[i]))));
        }
        rows.sort(Comparator.comparingLong(Row::id));
        for (int i = 1; i < rows.size(); i++) {
            if (rows.get(i).id() == rows.get(i - 1).id()) throw new IllegalArgumentException("two test files have the id " + rows.get(i).id());
        }
        AtomicFiles.write(csv, tmp -> {
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write("id,label\n");
                for (Row r : rows) w.write(r.id() + "," + String.format(Locale.ROOT, "%.5f", r.label()) + "\n");
            }
        });
        IntColumn ids = IntColumn.create("id");
        DoubleColumn labels = DoubleColumn.create("label");
        for (Row r : rows) {
            ids.append((int) r.id());
            labels.append(Math.round(r.label() * 100000) / 100000.0);
        }
        return Table.create(csv.getFileName().toString(), ids, labels);
    }

    /** The number a test file is named by: {@code unknown/1234.jpg} → 1234. */
    public static long idOf(String file) {
        String base = file.substring(file.lastIndexOf('/') + 1);
        int dot = base.indexOf('.');
        String digits = dot >= 0 ? base.substring(0, dot) : base;
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("test file name " + file + " does not start with a number id (like 1234.jpg)");
        }
    }
}
