package fastai.io;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;

import javax.imageio.ImageIO;

import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.datavec.image.loader.NativeImageLoader;
import org.datavec.image.transform.ImageTransform;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DataVec's image loader (OpenCV) with the gaps that made images silently wrong closed; used by
 * {@link Batches} and by {@link Plots}, so a plot shows exactly what the network is given.
 *
 * <ul>
 *   <li><b>Bit depth.</b> OpenCV keeps 16-bit PNGs at 0..65535 and DataVec passes that on; here
 *       every image becomes 8 bits per channel, 0..255 ({@code v / 257}, rounded), as 8-bit files are.</li>
 *   <li><b>GIF.</b> The OpenCV and Leptonica builds DataVec ships decode no GIF, though ".gif" passes
 *       DataVec's extension filter; here a GIF's first frame is decoded by ImageIO.</li>
 *   <li><b>Names.</b> A file that cannot be decoded gives an error naming it.</li>
 * </ul>
 *
 * Palette PNGs are expanded and CMYK JPEGs converted to BGR by OpenCV; an embedded ICC colour
 * profile is ignored (the stored values are used, as Keras and PIL do by default).
 */
public final class ImageDecoder extends NativeImageLoader {

    public ImageDecoder(long height, long width, long channels, ImageTransform transform) {
        super(height, width, channels, transform);
    }

    /** Full-size images with {@code channels} channels (for plots). */
    public ImageDecoder(long channels) {
        super(-1, -1, channels);
    }

    @Override
    public INDArray asMatrix(File f, boolean nchw) throws IOException {
        try (InputStream in = new ByteArrayInputStream(decodable(f))) {
            return super.asMatrix(in, nchw);
        } catch (IOException | RuntimeException e) {
            throw failure(f, e);
        }
    }

    @Override
    public void asMatrixView(File f, INDArray view) throws IOException {
        try (InputStream in = new ByteArrayInputStream(decodable(f))) {
            super.asMatrixView(in, view);
        } catch (IOException | RuntimeException e) {
            throw failure(f, e);
        }
    }

    /** 16-bit (and float) images to 8 bits before DataVec's channel conversion and resizing. */
    @Override
    protected INDArray transformImage(Mat image, INDArray ret) throws IOException {
        int depth = image.depth();
        if (depth == opencv_core.CV_16U) {
            Mat eight = new Mat();
            image.convertTo(eight, opencv_core.CV_8U, 1.0 / 257.0, 0);
            try {
                return super.transformImage(eight, ret);
            } finally {
                eight.deallocate();
            }
        }
        if (depth != opencv_core.CV_8U) {
            throw new IOException("unsupported pixel type (OpenCV depth " + depth + "); expected 8- or 16-bit integers");
        }
        return super.transformImage(image, ret);
    }

    /** The file's bytes, with a GIF re-encoded as PNG (its first frame) so OpenCV can read it. */
    static byte[] decodable(File f) throws IOException {
        byte[] bytes = Files.readAllBytes(f.toPath());
        if (bytes.length == 0) throw new IOException("empty file (0 bytes)");
        if (!ImageCheck.isGif(bytes)) return bytes;
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
        if (img == null) throw new IOException("GIF that ImageIO cannot decode");
        // ImageIO's PNG writer takes palette and grey images as they are; an RGB copy keeps it simple
        BufferedImage rgb = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.createGraphics().drawImage(img, 0, 0, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(rgb, "png", out);
        return out.toByteArray();
    }

    private static IOException failure(File f, Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replace('\n', ' ');
        if (m.startsWith("cannot read image ")) return e instanceof IOException io ? io : new IOException(m, e);
        return new IOException("cannot read image " + f.getAbsolutePath() + ": " + m, e);
    }
}
