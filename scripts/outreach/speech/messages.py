"""Every Vietnamese sentence the audio part says or prints, in one place."""

# ---- spoken --------------------------------------------------------------------------------
OPENING = "Đây là {station}."
GREETING = "Kính thưa toàn thể bà con,"
REPEAT = "Sau đây, xin nhắc lại."
CLOSING = "Xin trân trọng cảm ơn bà con đã lắng nghe."

PROCEDURE_TITLE = "Hướng dẫn thủ tục {name}"
PROCEDURE_INTRO = "Hướng dẫn thủ tục {name}."
AUDIENCE = "Người cần làm thủ tục này: {audience}."
ONLINE = "Bà con có thể làm thủ tục này trên mạng, tại {portal}, địa chỉ {url}."
STEPS_INTRO = "Các bước như sau."
STEP = "Bước {number}: {title}."
TIME = "Thời gian giải quyết: {time}."
NO_FEE = "Thủ tục này không mất lệ phí."
FEE = "Lệ phí: {amount}."
ASK = "Nếu cần hỏi thêm, bà con liên hệ {desk}, điện thoại {phone}"
ASK_DESK = "Nếu cần hỏi thêm, bà con liên hệ {desk}"
ASK_HOTLINE = ", hoặc gọi đường dây nóng {hotline}"

# ---- printed (problems) ----------------------------------------------------------------------
FOREIGN = ("có từ không phải tiếng Việt: {words}. Máy đọc có thể đọc sai; thêm cách đọc vào "
           "audio/lexicon.yaml (mục “words” hoặc “web”).")
SPELLED = ("chữ viết tắt {words} chưa có trong audio/lexicon.yaml nên được đánh vần từng chữ "
           "cái; thêm cách đọc vào mục “abbreviations” nếu cần.")
DROPPED = "đã bỏ các ký hiệu không đọc được: {chars}."
EMPTY = ("không còn câu nào để đọc sau khi bỏ ký hiệu và định dạng; viết nội dung bằng chữ "
         "để có bài phát thanh.")
GTTS_DOWN = ("không kết nối được máy đọc Google (gTTS): {reason}. Kiểm tra mạng rồi chạy lại, "
             "hoặc dùng giọng đọc ngoại tuyến: outreach build --engine espeak. Các tệp âm "
             "thanh đã xuất bản không bị thay đổi.")
GTTS_FALLBACK = ("không kết nối được máy đọc Google (gTTS) nên dùng giọng đọc ngoại tuyến "
                 "espeak-ng (nghe máy móc hơn). Có mạng, chạy lại để có giọng tự nhiên hơn.")
ESPEAK_BROKEN = "không chạy được giọng đọc ngoại tuyến espeak-ng: {reason}."
UNKNOWN_ENGINE = "không có giọng đọc “{engine}”; chọn auto, gtts hoặc espeak."
SILENT = ("bản ghi đọc ra bị im lặng hoặc quá nhỏ (câu “{sentence}”); không xuất bản tệp "
          "âm thanh hỏng. Thử lại, hoặc dùng --engine espeak.")
OVER_SLOT = ("chương trình phát thanh dài {minutes} phút, quá khung {slot} phút "
             "(slot_minutes trong mkdocs.yml); bớt bài hoặc giảm số lần nhắc lại.")
