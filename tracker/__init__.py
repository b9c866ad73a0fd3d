"""tracker: theo dõi hồ sơ TTHC trễ hạn, thư xin lỗi và việc công khai."""

__version__ = "0.1.0"
