namespace Timpora.Cases.Integrity;

/// <summary>
/// The keys that seal the event history. Only the current key seals new events; every key that ever sealed
/// stays here so that older events still verify after a rotation. The keys live in configuration, never in
/// the database: someone who can edit the database cannot forge a seal.
/// </summary>
public sealed class IntegrityKeys
{
    public const int MinimumKeyBytes = 32;

    private readonly IReadOnlyDictionary<string, byte[]> _keys;

    public IntegrityKeys(string currentKeyId, IReadOnlyDictionary<string, byte[]> keys)
    {
        if (!keys.ContainsKey(currentKeyId))
            throw new ArgumentException($"The current integrity key {currentKeyId} is not among the keys.", nameof(keys));
        foreach (var (id, key) in keys)
        {
            if (key.Length < MinimumKeyBytes)
                throw new ArgumentException($"Integrity key {id} is shorter than {MinimumKeyBytes} bytes.", nameof(keys));
        }

        CurrentKeyId = currentKeyId;
        _keys = keys;
    }

    public string CurrentKeyId { get; }

    public byte[] Current => _keys[CurrentKeyId];

    public byte[]? Find(string keyId) => _keys.GetValueOrDefault(keyId);
}
