using QualityWatch.Detection.Statistics;

namespace QualityWatch.Detection.TimeSeries;

internal static class StateIo
{
    public static void Write(BinaryWriter writer, RingBuffer buffer)
    {
        writer.Write(buffer.Count);
        for (int i = 0; i < buffer.Count; i++)
        {
            writer.Write(buffer[i]);
        }
    }

    public static void Read(BinaryReader reader, RingBuffer buffer)
    {
        int count = reader.ReadInt32();
        if (count < 0 || count > buffer.Capacity)
        {
            throw new InvalidDataException($"Saved buffer holds {count} items; capacity is {buffer.Capacity}.");
        }

        var items = new double[count];
        for (int i = 0; i < count; i++)
        {
            items[i] = reader.ReadDouble();
        }

        buffer.Load(items);
    }
}
