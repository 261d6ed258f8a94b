import Foundation

/// An `OutputStream` that collects what is written into a byte array. CSV.swift writes one byte per call;
/// Foundation's memory stream does far more work per call than appending to an array.
final class ByteCollectingOutputStream: OutputStream {
    private(set) var bytes: [UInt8] = []

    init() {
        super.init(toMemory: ())
        bytes.reserveCapacity(64 * 1024)
    }

    required init(toMemory: ()) {
        super.init(toMemory: toMemory)
    }

    override var streamStatus: Stream.Status { .open }
    override var hasSpaceAvailable: Bool { true }
    override func open() {}
    override func close() {}

    override func write(_ buffer: UnsafePointer<UInt8>, maxLength length: Int) -> Int {
        bytes.append(contentsOf: UnsafeBufferPointer(start: buffer, count: length))
        return length
    }
}
