package auth

// Refusals people read, Vietnamese first; kept together for the message
// catalog. Each takes the user's name.
const (
	msgLastUser  = "không thể xoá %q: đây là người dùng cuối cùng; hãy thêm người dùng khác trước (không còn người dùng thì chitieu tắt đăng nhập khi khởi động lại)"
	msgLastAdmin = "không thể xoá %q: đây là quản trị viên (admin) cuối cùng; hãy cấp quyền admin cho người khác trước"
	msgNoUser    = "không có người dùng %q"
)
