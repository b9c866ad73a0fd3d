"""tracker: theo dõi hồ sơ TTHC trễ hạn, phiếu xin lỗi và việc công khai."""

__version__ = "0.1.0"
