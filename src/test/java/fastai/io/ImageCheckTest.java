package fastai.io;

import fastai.BadImages;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of bad file is named by the quick check (header, size, end) or, for corrupt data, by the full one. */
class ImageCheckTest {
    @TempDir Path tmp;

    private final byte[] jpeg = BadImages.noiseJpeg(128, 96, 1);

    @Test void aWholeJpegPasses() {
        assertNull(ImageCheck.quick(BadImages.write(tmp.resolve("ok.jpg"), jpeg)));
        assertNull(ImageCheck.full(tmp.resolve("ok.jpg")));
    }

    @Test void truncatedJpegsAreFoundAtEveryCutPoint() {
        // 100 bytes: inside the headers; 0.2..0.99: inside the image data; length-2: only the end marker lost
        for (int cut : new int[] {100, jpeg.length / 5, jpeg.length / 2, (int) (jpeg.length * 0.9), (int) (jpeg.length * 0.99), jpeg.length - 2, jpeg.length - 1}) {
            Path f = BadImages.write(tmp.resolve("cut" + cut + ".jpg"), java.util.Arrays.copyOf(jpeg, cut));
            String why = ImageCheck.quick(f);
            assertNotNull(why, "cut at " + cut + " of " + jpeg.length);
            assertTrue(why.startsWith("truncated JPEG: no end-of-image marker (" + cut + " bytes"), why);
            assertNotNull(ImageCheck.full(f));
        }
    }

    @Test void bytesAfterTheEndMarkerAreAllowed() throws Exception {
        // cameras and editors append data after the image; the walk finds the marker before it
        Path f = BadImages.write(tmp.resolve("trailer.jpg"), BadImages.concat(jpeg, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18}));
        assertNull(ImageCheck.quick(f));
        assertEquals(jpeg.length, ImageCheck.jpegEnd(f), "the walk stops right after the end-of-image marker");
    }

    @Test void corruptDataInsideAWholeJpegIsFoundByTheFullCheck() {
        byte[] c = jpeg.clone();
        for (int i = c.length / 2; i < c.length / 2 + 50; i++) c[i] = 0x55;
        Path f = BadImages.write(tmp.resolve("corrupt.jpg"), c);
        assertNull(ImageCheck.quick(f), "the quick check reads only the ends");
        String why = ImageCheck.full(f);
        assertNotNull(why);
        assertTrue(why.startsWith("JPEG decodes with warnings: Corrupt JPEG data"), why);
    }

    @Test void emptyHtmlTextAndUnknownFilesAreNamed() {
        assertEquals("empty file (0 bytes)", ImageCheck.quick(BadImages.write(tmp.resolve("zero.jpg"), new byte[0])));
        assertEquals("an HTML/XML page, not an image (a download that returned a web page?)",
                ImageCheck.quick(BadImages.write(tmp.resolve("login.jpg"), BadImages.HTML.getBytes())));
        assertEquals("JSON text, not an image (a download that returned an error?)",
                ImageCheck.quick(BadImages.write(tmp.resolve("err.png"), "{\"error\": 403}".getBytes())));
        assertEquals("not an image in a format DataVec reads (starts with 50 4B 03 04 00 00)",
                ImageCheck.quick(BadImages.write(tmp.resolve("z.png"), new byte[] {'P', 'K', 3, 4, 0, 0})));
    }

    @Test void pngChecks() {
        byte[] png = BadImages.encode(new java.awt.image.BufferedImage(20, 20, java.awt.image.BufferedImage.TYPE_INT_RGB), "png");
        assertNull(ImageCheck.quick(BadImages.write(tmp.resolve("ok.png"), png)));
        String why = ImageCheck.quick(BadImages.write(tmp.resolve("cut.png"), BadImages.cut(png, 0.7)));
        assertTrue(why.startsWith("truncated PNG: no IEND chunk"), why);
        assertNull(ImageCheck.quick(BadImages.write(tmp.resolve("trailing.png"), BadImages.concat(png, new byte[40]))));
        assertNull(ImageCheck.quick(BadImages.palettePng(tmp.resolve("pal.png"), 8)));
        assertNull(ImageCheck.quick(BadImages.rgb16Png(tmp.resolve("c16.png"), 8, 1, 2, 3)));
    }

    @Test void gifChecks() {
        byte[] gif = BadImages.gif(16);
        assertNull(ImageCheck.quick(BadImages.write(tmp.resolve("ok.gif"), gif)));
        assertTrue(ImageCheck.quick(BadImages.write(tmp.resolve("cut.gif"), BadImages.cut(gif, 0.5))).startsWith("truncated GIF"));
        // header and trailer fine, nothing decodable between them
        byte[] junk = BadImages.concat("GIF89a".getBytes(), new byte[] {9, 9, 9, 9, 9, 9, 9}, new byte[] {0x3B});
        String why = ImageCheck.quick(BadImages.write(tmp.resolve("junk.gif"), junk));
        assertNotNull(why);
        assertTrue(why.startsWith("GIF that does not decode"), why);
    }

    @Test void manyFilesKeepTheirOrderInTheReport() {
        Path a = BadImages.write(tmp.resolve("a.jpg"), jpeg);
        Path b = BadImages.write(tmp.resolve("b.jpg"), new byte[0]);
        Path c = BadImages.write(tmp.resolve("c.jpg"), BadImages.cut(jpeg, 0.5));
        List<ImageCheck.Problem> p = ImageCheck.quick(List.of(a, b, c));
        assertEquals(List.of(b, c), p.stream().map(ImageCheck.Problem::file).toList());
        String m = ImageCheck.message(tmp, p, 3, "fix them");
        assertEquals("2 of 3 images in " + tmp + " cannot be used (fix them):\n  b.jpg: empty file (0 bytes)\n  c.jpg: truncated JPEG: no end-of-image marker ("
                + (jpeg.length / 2) + " bytes; an interrupted download?)", m);
    }
}
