package fastai.datasets;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Grey byte images to and from PNG files. */
final class GrayImages {
    static {
        ImageIO.setUseCache(false);
    }

    private GrayImages() { }

    static BufferedImage toImage(byte[] pixels, int offset, int rows, int cols) {
        BufferedImage img = new BufferedImage(cols, rows, BufferedImage.TYPE_BYTE_GRAY);
        byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        System.arraycopy(pixels, offset, dst, 0, rows * cols);
        return img;
    }

    static void writePng(byte[] pixels, int offset, int rows, int cols, Path file) throws IOException {
        BufferedImage img = toImage(pixels, offset, rows, cols);
        try (OutputStream out = Files.newOutputStream(file)) {
            if (!ImageIO.write(img, "png", out)) throw new IOException("no PNG writer in this JDK");
        }
    }

    /** Reads a grey PNG back into bytes (row-major). */
    static byte[] readGray(Path file) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null) throw new IOException("not an image: " + file);
        byte[] out = new byte[img.getWidth() * img.getHeight()];
        img.getRaster().getDataElements(0, 0, img.getWidth(), img.getHeight(), out);
        return out;
    }
}
