package fastai.text;

import java.awt.Color;
import java.awt.Font;
import java.util.List;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dimensionalityreduction.PCA;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Words placed on a plane by their unit vectors' first two principal components (PCA, ND4J's),
 * each point labelled with its word: close words in the picture point in similar directions along
 * the two directions in which the vectors vary most.
 */
public final class WordMap {
    private WordMap() { }

    /**
     * The {@code [n, 2]} coordinates: the vectors, scaled to length 1 (so that, as for the cosine,
     * only their directions count; frequent words have long vectors that would otherwise dominate)
     * and centred, projected on their two main directions.
     */
    public static INDArray project(WordVectors v) {
        INDArray x = v.matrix().castTo(DataType.DOUBLE).dup();
        x.diviColumnVector(x.norm2(1).reshape(x.rows(), 1).addi(1e-12));
        x.subiRowVector(x.mean(0));    // centred, so the first direction is not just the mean vector
        return PCA.pca(x, 2, false);
    }

    /** A labelled scatter of the first {@code n} words. */
    public static XYChart chart(WordVectors vectors, int n, String title) {
        return chart(vectors, 0, n, title);
    }

    /** A labelled scatter of the words ranked {@code from} (inclusive) to {@code to} (exclusive). */
    public static XYChart chart(WordVectors vectors, int from, int to, String title) {
        WordVectors v = vectors.range(from, to);
        INDArray xy = project(v);
        double[] x = xy.getColumn(0).toDoubleVector(), y = xy.getColumn(1).toDoubleVector();
        XYChart chart = new XYChartBuilder().width(1400).height(1100).title(title)
                .xAxisTitle("first principal component").yAxisTitle("second principal component").build();
        chart.getStyler().setLegendVisible(false).setMarkerSize(3).setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        chart.getStyler().setAnnotationTextFontColor(new Color(30, 60, 120));
        XYSeries s = chart.addSeries("words", x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(new Color(150, 150, 150));
        List<String> words = v.words();
        for (int i = 0; i < words.size(); i++) chart.addAnnotation(new AnnotationText(words.get(i), x[i], y[i], false));
        return chart;
    }
}
