package io.omnistock.core.journal;

import jnr.ffi.LibraryLoader;
import org.agrona.BufferUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A page loader brings exactly the range it is asked for into the page cache, not the kernel's
 * readahead window around it: that window, zeroed inside one call on the writer's thread, was the
 * compact thread model's millisecond tail (docs/benchmarks.md run 51).
 */
class PageLoaderTest
{
    private static final int PAGE = 4096;
    private static final boolean LINUX = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux");

    /**
     * Under the module's own directory, not {@code java.io.tmpdir}: that is often tmpfs, which
     * ignores {@code WILLNEED} (its pages are the cache) and so could show nothing either way.
     */
    private Path dir;

    /** The C library's {@code mincore}: which pages of a mapping's file are in the page cache. */
    public interface Mincore
    {
        int mincore(long address, long length, byte[] vector);
    }

    @BeforeEach
    void createDir() throws IOException
    {
        Files.createDirectories(Path.of("target"));
        dir = Files.createTempDirectory(Path.of("target"), "page-loader");
    }

    @AfterEach
    void deleteDir() throws IOException
    {
        try (var files = Files.walk(dir))
        {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void onLinuxTheLoaderAdvisesTheKernel() throws IOException
    {
        assumeTrue(LINUX, "posix_fadvise is a Linux call here");
        try (PageLoader pages = PageLoader.open(sparseFile("journal.cq4", 1 << 20)))
        {
            assertInstanceOf(AdvisedPageLoader.class, pages);
            assertEquals(1 << 20, pages.size());
        }
    }

    @Test
    void advisingLoadsTheStepsAskedAndNoReadaheadWindowPastThem() throws IOException
    {
        assumeTrue(LINUX && AdvisedPageLoader.AVAILABLE, "posix_fadvise is a Linux call here");
        assumeTrue(!"tmpfs".equals(Files.getFileStore(dir).type()), "tmpfs keeps no separate page cache");
        final int filePages = 8192;   // 32 MiB: more than any readahead window
        final File file = sparseFile("journal.cq4", (long)filePages * PAGE);
        // As the pretoucher goes: step after step from the start. Reads in this pattern are a
        // sequential stream, whose readahead window grows past what was read (to 8 MiB here).
        final int stepPages = 8;
        final int loadedPages = 256;
        try (PageLoader pages = AdvisedPageLoader.open(file))
        {
            for (int page = 0; page < loadedPages; page += stepPages)
            {
                pages.load((long)page * PAGE, (long)stepPages * PAGE);
            }
        }
        final byte[] resident = resident(file, filePages);
        for (int page = 0; page < loadedPages; page++)
        {
            assertTrue((resident[page] & 1) != 0, "page " + page + " was asked for");
        }
        // A file system may load a large folio around the last page asked (64 KiB here): not a window.
        final int slackPages = 16;
        for (int page = loadedPages + slackPages; page < filePages; page++)
        {
            assertEquals(0, resident[page] & 1, "page " + page + " was not asked for");
        }
    }

    @Test
    void readingLoadsAtLeastTheRangeAsked() throws IOException
    {
        final File file = sparseFile("journal.cq4", 1 << 20);
        try (PageLoader pages = ReadPageLoader.open(file))
        {
            assertEquals(1 << 20, pages.size());
            pages.load(PAGE, 64 * PAGE);
            pages.load((1 << 20) - PAGE, PAGE);
        }
        assumeTrue(LINUX && !"tmpfs".equals(Files.getFileStore(dir).type()));
        final byte[] resident = resident(file, 256);
        for (int page = 1; page <= 64; page++)
        {
            assertTrue((resident[page] & 1) != 0, "page " + page);
        }
    }

    @Test
    void aMissingFileCannotBeOpened()
    {
        final File missing = new File(dir.toFile(), "missing.cq4");
        assertThrows(IOException.class, () -> PageLoader.open(missing).close());
    }

    private File sparseFile(final String name, final long length) throws IOException
    {
        return sparseFile(dir, name, length);
    }

    /** A file of {@code length} bytes with nothing written: a hole, as a journal file is ahead of its writer. */
    static File sparseFile(final Path dir, final String name, final long length) throws IOException
    {
        final File file = new File(dir.toFile(), name);
        try (RandomAccessFile raf = new RandomAccessFile(file, "rw"))
        {
            raf.setLength(length);
        }
        return file;
    }

    /** One byte per page of {@code file}, bit 0 set where the page is in the page cache. */
    private static byte[] resident(final File file, final int pages) throws IOException
    {
        final Mincore libc = LibraryLoader.create(Mincore.class).load("c");
        try (FileChannel channel = FileChannel.open(file.toPath()))
        {
            // Mapping touches no page; mincore then reads the page cache for the mapped file.
            final MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, 0, (long)pages * PAGE);
            final byte[] vector = new byte[pages];
            assertEquals(0, libc.mincore(BufferUtil.address(map), (long)pages * PAGE, vector));
            return vector;
        }
    }
}
