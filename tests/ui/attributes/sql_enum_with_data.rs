#[derive(duckspec::SqlEnum, Clone, Copy)]
enum Device {
    Cpu,
    Cuda(u8),
}

fn main() {}
