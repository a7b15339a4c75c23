using Google.Protobuf;

namespace Cluster.ApiServer.Tests.Protobuf;

/// <summary>Builds protobuf wire bytes by hand with Google.Protobuf's CodedOutputStream, field by field, the way
/// the Go (gogo) encoder kubectl uses lays them out.</summary>
internal sealed class Pb
{
    private readonly MemoryStream stream = new();
    private readonly CodedOutputStream output;

    public Pb() => output = new CodedOutputStream(stream, leaveOpen: true);

    public static byte[] Build(Action<Pb> fields)
    {
        var pb = new Pb();
        fields(pb);
        return pb.ToArray();
    }

    /// <summary>A whole request body: the magic, then runtime.Unknown {typeMeta, raw, contentEncoding, contentType}.</summary>
    public static byte[] Envelope(string apiVersion, string kind, Action<Pb> obj) =>
        [.. "k8s\0"u8.ToArray(), .. Build(u => u
            .Msg(1, t => t.Str(1, apiVersion).Str(2, kind))
            .Bytes(2, Build(obj))
            .Str(3, "")
            .Str(4, ""))];

    public Pb Str(int field, string value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteString(value);
        return this;
    }

    public Pb Bytes(int field, byte[] value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(value));
        return this;
    }

    public Pb Varint(int field, long value)
    {
        output.WriteTag(field, WireFormat.WireType.Varint);
        output.WriteInt64(value);
        return this;
    }

    public Pb Bool(int field, bool value) => Varint(field, value ? 1 : 0);

    public Pb Msg(int field, Action<Pb> fields) => Bytes(field, Build(fields));

    public Pb Map(int field, string key, string value) => Msg(field, e => e.Str(1, key).Str(2, value));

    public Pb Quantities(int field, params (string Name, string Quantity)[] entries)
    {
        foreach (var (name, quantity) in entries)
        {
            Msg(field, e => e.Str(1, name).Msg(2, q => q.Str(1, quantity)));
        }

        return this;
    }

    /// <summary>Standard ObjectMeta as field 1 with only the name (and an empty creationTimestamp, as Go sends).</summary>
    public Pb Meta(string name, Action<Pb>? more = null) => Msg(1, m =>
    {
        m.Str(1, name).Str(2, "").Str(3, "").Msg(8, _ => { });
        more?.Invoke(m);
    });

    public Pb IntOrString(int field, int value) => Msg(field, v => v.Varint(1, 0).Varint(2, value).Str(3, ""));

    public Pb IntOrString(int field, string value) => Msg(field, v => v.Varint(1, 1).Varint(2, 0).Str(3, value));

    public byte[] ToArray()
    {
        output.Flush();
        return stream.ToArray();
    }
}
