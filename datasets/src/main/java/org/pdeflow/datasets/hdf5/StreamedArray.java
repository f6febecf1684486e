package org.pdeflow.datasets.hdf5;

import io.jhdf.AbstractWritableNode;
import io.jhdf.HdfFile;
import io.jhdf.ObjectHeader;
import io.jhdf.api.Attribute;
import io.jhdf.api.Group;
import io.jhdf.api.NodeType;
import io.jhdf.api.WritableDataset;
import io.jhdf.filter.PipelineFilterWithData;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.message.AttributeInfoMessage;
import io.jhdf.object.message.AttributeMessage;
import io.jhdf.object.message.DataLayout;
import io.jhdf.object.message.DataLayoutMessage.ContiguousDataLayoutMessage;
import io.jhdf.object.message.DataSpace;
import io.jhdf.object.message.DataSpaceMessage;
import io.jhdf.object.message.DataTypeMessage;
import io.jhdf.object.message.FillValueMessage;
import io.jhdf.object.message.Message;
import io.jhdf.storage.HdfFileChannel;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A contiguous floating-point HDF5 dataset whose values are produced while the file is written,
 * one slab (one index of the first axis) at a time, so a dataset far larger than the heap can be
 * written with jHDF. jHDF 0.13's own writer ({@code WritableDatasetImpl}) needs the whole dataset as
 * a Java array; its groups, however, accept any {@link WritableDataset} and call
 * {@link #write(HdfFileChannel, long)} when the file is closed, which is where this class asks its
 * {@link SlabSource} for the data.
 *
 * <p>On disk it is what jHDF writes for an in-memory array: a version-2 object header with the
 * datatype, dataspace, "no fill value" and contiguous layout messages (plus attributes), followed by
 * the raw data in C order. The header is first laid out with a placeholder layout message of the
 * same encoded size, the data is streamed after it, and the header is then rewritten with the real
 * address and size. Memory: one slab buffer.
 */
public final class StreamedArray extends AbstractWritableNode implements WritableDataset {

    /** Fills the slabs of a {@link StreamedArray}, in increasing index order, each exactly once. */
    @FunctionalInterface
    public interface SlabSource {
        /**
         * @param index index along the first axis, 0 .. shape[0]-1, called in increasing order
         * @param slab receives the slab's values in C order, length product(shape[1..])
         * @throws IOException when the data cannot be read (e.g. from a shard file)
         */
        void fill(int index, double[] slab) throws IOException;
    }

    private final int[] shape;
    private final Precision precision;
    private final SlabSource source;
    private final DataType dataType;
    private final DataSpace dataSpace;
    private final int slabLength;

    /**
     * @param parent the group that will hold the dataset (for its path); add it with
     *     {@code parent.putDataset(name, this)}
     * @param name dataset name
     * @param shape dataset shape, rank &gt;= 1, every extent &gt;= 1
     * @param precision element type on disk
     * @param source produces the values
     */
    public StreamedArray(Group parent, String name, int[] shape, Precision precision, SlabSource source) {
        super(parent, name);
        if (shape == null || shape.length == 0) {
            throw new IllegalArgumentException("dataset '" + name + "' needs a shape of rank >= 1");
        }
        long slab = 1;
        for (int k = 0; k < shape.length; k++) {
            if (shape[k] < 1) {
                throw new IllegalArgumentException(
                        "dataset '" + name + "': extents must be >= 1, got " + Arrays.toString(shape));
            }
            if (k > 0) {
                slab *= shape[k];
            }
        }
        if (slab * precision.bytes() > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(
                    "dataset '" + name + "': one slab of shape " + Arrays.toString(shape) + " exceeds 2 GB");
        }
        this.shape = shape.clone();
        this.precision = precision;
        this.source = source;
        this.slabLength = (int) slab;
        this.dataType = precision == Precision.FLOAT64 ? FloatingPoint.DOUBLE : FloatingPoint.FLOAT;
        int[] ones = new int[shape.length];
        Arrays.fill(ones, 1);
        // jHDF offers no public DataSpace constructor: derive one from a tiny array of the right rank.
        DataSpace template = DataSpace.fromObject(Array.newInstance(double.class, ones));
        this.dataSpace = DataSpace.modifyDimensions(
                template, Arrays.stream(shape).asLongStream().toArray());
    }

    @Override
    public long write(HdfFileChannel channel, long position) {
        List<Message> messages = new ArrayList<>();
        messages.add(DataTypeMessage.create(dataType));
        messages.add(DataSpaceMessage.create(dataSpace));
        messages.add(FillValueMessage.NO_FILL);
        int layoutIndex = messages.size();
        // Same encoded size as the final message (two 8-byte fields), so the header size is known now.
        messages.add(ContiguousDataLayoutMessage.create(-1L, -1L));
        if (!getAttributes().isEmpty()) {
            messages.add(AttributeInfoMessage.create());
            for (Map.Entry<String, Attribute> e : getAttributes().entrySet()) {
                messages.add(AttributeMessage.create(e.getKey(), e.getValue()));
            }
        }
        int headerSize =
                new ObjectHeader.ObjectHeaderV2(position, messages).toBuffer().limit();
        long dataAddress = position + headerSize;
        long dataSize = writeData(channel, dataAddress);
        messages.set(layoutIndex, ContiguousDataLayoutMessage.create(dataAddress, dataSize));
        writeFully(channel, new ObjectHeader.ObjectHeaderV2(position, messages).toBuffer(), position);
        channel.position(dataAddress + dataSize);
        return dataAddress + dataSize;
    }

    private long writeData(HdfFileChannel channel, long address) {
        double[] slab = new double[slabLength];
        ByteBuffer buffer =
                ByteBuffer.allocate(slabLength * precision.bytes()).order(((FloatingPoint) dataType).getByteOrder());
        long at = address;
        for (int i = 0; i < shape[0]; i++) {
            try {
                source.fill(i, slab);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot produce slab " + i + " of dataset '" + getName() + "'", e);
            }
            buffer.clear();
            if (precision == Precision.FLOAT64) {
                buffer.asDoubleBuffer().put(slab);
            } else {
                for (double v : slab) {
                    buffer.putFloat((float) v);
                }
                buffer.rewind();
            }
            buffer.limit(buffer.capacity());
            writeFully(channel, buffer, at);
            at += buffer.capacity();
        }
        return at - address;
    }

    private static void writeFully(HdfFileChannel channel, ByteBuffer buffer, long position) {
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }

    @Override
    public long getSize() {
        return dataSpace.getTotalLength();
    }

    @Override
    public long getSizeInBytes() {
        return getSize() * precision.bytes();
    }

    @Override
    public long getStorageInBytes() {
        return getSizeInBytes();
    }

    @Override
    public int[] getDimensions() {
        return shape.clone();
    }

    @Override
    public long[] getDimensionsAsLong() {
        return dataSpace.getDimensionsAsLong();
    }

    @Override
    public boolean isScalar() {
        return false;
    }

    @Override
    public boolean isEmpty() {
        return false;
    }

    @Override
    public boolean isCompound() {
        return false;
    }

    @Override
    public boolean isVariableLength() {
        return false;
    }

    @Override
    public long[] getMaxSize() {
        return dataSpace.getMaxSizes();
    }

    @Override
    public DataLayout getDataLayout() {
        return DataLayout.CONTIGUOUS;
    }

    /** Not available: the values exist only while the file is written. */
    @Override
    public Object getData() {
        throw new UnsupportedOperationException("a streamed dataset has no data in memory; read the written file");
    }

    /** Not available: the values exist only while the file is written. */
    @Override
    public Object getDataFlat() {
        return getData();
    }

    /** Not available: the values exist only while the file is written. */
    @Override
    public Object getData(long[] sliceOffset, int[] sliceDimensions) {
        return getData();
    }

    @Override
    public Class<?> getJavaType() {
        return precision == Precision.FLOAT64 ? double.class : float.class;
    }

    @Override
    public DataType getDataType() {
        return dataType;
    }

    @Override
    public Object getFillValue() {
        return null;
    }

    @Override
    public List<PipelineFilterWithData> getFilters() {
        return Collections.emptyList();
    }

    @Override
    public NodeType getType() {
        return NodeType.DATASET;
    }

    @Override
    public boolean isGroup() {
        return false;
    }

    @Override
    public File getFile() {
        return getParent().getFile();
    }

    @Override
    public Path getFileAsPath() {
        return getParent().getFileAsPath();
    }

    @Override
    public HdfFile getHdfFile() {
        return getParent().getHdfFile();
    }

    /** Not known before the file is written. */
    @Override
    public long getAddress() {
        throw new UnsupportedOperationException("the address of a dataset is known only once the file is written");
    }

    @Override
    public boolean isLink() {
        return false;
    }

    @Override
    public boolean isAttributeCreationOrderTracked() {
        return false;
    }
}
