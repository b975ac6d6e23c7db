package io.github.torchact.torchscript;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive is a valid zip (read back by the JDK's two zip readers, CRCs checked) of stored entries. */
class TorchScriptArchiveTest {

    private static final String SOURCE = "class M(Module):\n  __parameters__ = []\n  __buffers__ = []\n  training : bool\n"
            + "  def forward(self, x: Tensor) -> Tensor:\n    return torch.relu(x)  # ü\n";

    @Test
    void streamReaderSeesEveryEntryStoredWithItsContent() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TorchScriptArchive.write(out, "M", SOURCE);
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
                assertEquals(ZipEntry.STORED, e.getMethod(), e.getName());
                byte[] content = in.readAllBytes(); // checks the CRC at the entry's end
                if (e.getName().endsWith("__torch__.py")) {
                    assertArrayEquals(SOURCE.getBytes(StandardCharsets.UTF_8), content);
                }
                if (e.getName().endsWith("version")) {
                    assertEquals("10\n", new String(content, StandardCharsets.US_ASCII));
                }
            }
        }
        Collections.sort(names);
        assertEquals(List.of("archive/code/__torch__.py", "archive/constants.pkl", "archive/data.pkl", "archive/version"), names);
    }

    @Test
    void centralDirectoryReaderFindsTheSameEntries(@TempDir Path dir) throws IOException {
        Path pt = dir.resolve("m.pt");
        TorchScriptArchive.write(pt, "M", SOURCE);
        try (ZipFile zip = new ZipFile(pt.toFile())) {
            assertEquals(4, zip.size());
            ZipEntry code = zip.getEntry("archive/code/__torch__.py");
            assertEquals(SOURCE.getBytes(StandardCharsets.UTF_8).length, code.getSize());
            assertArrayEquals(SOURCE.getBytes(StandardCharsets.UTF_8), zip.getInputStream(code).readAllBytes());
            assertArrayEquals(new byte[] {(byte) 0x80, 2, ')', '.'}, zip.getInputStream(zip.getEntry("archive/constants.pkl")).readAllBytes());
        }
    }
}
